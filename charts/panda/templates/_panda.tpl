{{/*
The PanDA server's and JEDI's configuration layer. Both read, at start:
  /opt/panda/etc/config_json  panda_server_config.json (and JEDI panda_jedi_config.json), made here from
                              values: a base the chart knows, server.config / jedi.config merged over it;
                              $NAME values are expanded by PanDA from the environment (panda-envs).
  /opt/panda/sandbox          the scripts and client configurations the start command copies to
                              /data/panda (where the image's links point): <sub>-sandbox, the shared
                              external-sandbox, and token_cache_config.json from panda-token-cache.
*/}}

{{/* panda.mq: whether the server and JEDI talk to the broker (messaging.enabled). */}}
{{- define "panda.mq" -}}{{ if .Values.messaging.enabled }}true{{ end }}{{- end -}}

{{/* panda.serverConfigDoc: ctx -> panda_server_config.json as a dict. */}}
{{- define "panda.serverConfigDoc" -}}
{{- $v := .Values.server -}}
{{- $alias := $v.ingress.host | default (include "pk.workload" (list . "server")) -}}
{{- $server := dict
  "backend" "$PANDA_DB_BACKEND" "dbhost" "$PANDA_DB_HOST" "dbport" "$PANDA_DB_PORT" "dbname" "$PANDA_DB_NAME"
  "dbuser" "$PANDA_DB_USER" "dbpasswd" "$PANDA_DB_PASSWORD"
  "schemaPANDA" "$PANDA_DB_SCHEMAPANDA" "schemaMETA" "$PANDA_DB_SCHEMAMETA" "schemaPANDAARCH" "$PANDA_DB_SCHEMAPANDAARCH"
  "schemaJEDI" "$PANDA_DB_SCHEMAJEDI" "schemaDEFT" "$PANDA_DB_SCHEMADEFT"
  "CRIC_URL_SITES" "$PANDA_CRIC_SITES" "CRIC_URL_SCHEDCONFIG" "$PANDA_CRIC_SCHEDCONFIG" "CRIC_URL_DDMENDPOINTS" "$PANDA_CRIC_DDMENDPOINTS"
  "CRIC_URL_DDMBLACKLIST" "$PANDA_CRIC_DDMBLACKLIST" "CRIC_URL_CM" "$PANDA_CRIC_CM"
  "RUCIO_RSE_USAGE" "/data/panda/rucio_rse_usage.json"
  "pserverhost" "$PANDA_HOSTNAME" "pserveralias" $alias "pserverport" "443" "pserverportcache" "443" "sandboxHostname" "$PANDA_HOSTNAME"
  "disableHTTP" "True" "configurator_use_cert" "False" "token_authType" "oidc"
  "token_cache_config" "/data/panda/token_cache_config.json" "cache_dir" "/var/log/panda/pandacache/"
  "production_dns" "iddssv1,Robot,Pilot" "pilot_owners" "pilot"
  "adder_plugins" "wlcg:dataservice.adder_dummy_plugin:AdderDummyPlugin,wlcg:dataservice.adder_simple_plugin:AdderSimplePlugin:sphenix"
  "setupper_plugins" "wlcg:dataservice.setupper_dummy_plugin:SetupperDummyPlugin"
-}}
{{- if include "panda.mq" . }}{{ $_ := set $server "mq_configFile" "/opt/panda/etc/panda/panda_mbproxy_config.json" }}{{ end -}}
{{- $base := dict "server" $server "daemon" (dict "enable" "True" "n_proc" "6" "n_dbconn" "1") -}}
{{- toJson (mergeOverwrite $base (deepCopy $v.config)) -}}
{{- end -}}

{{/* panda.jediConfigDoc: ctx -> panda_jedi_config.json as a dict. */}}
{{- define "panda.jediConfigDoc" -}}
{{- $db := dict
  "backend" "$PANDA_DB_BACKEND" "dbhost" "$PANDA_DB_HOST" "dbport" "$PANDA_DB_PORT" "dbname" "$PANDA_DB_NAME"
  "dbuser" "$PANDA_DB_USER" "dbpasswd" "$PANDA_DB_PASSWORD"
  "schemaJEDI" "$PANDA_DB_SCHEMAJEDI" "schemaDEFT" "$PANDA_DB_SCHEMADEFT" "schemaPANDA" "$PANDA_DB_SCHEMAPANDA"
  "schemaPANDAARCH" "$PANDA_DB_SCHEMAPANDAARCH" "schemaMETA" "$PANDA_DB_SCHEMAMETA" "nWorkers" "5"
-}}
{{- $base := dict
  "db" $db
  "ddm" (dict "modConfig" "wlcg:4:pandajedi.jediddm.GenDDMClient:GenDDMClient::off,wlcg:2:pandajedi.jediddm.AtlasDDMClient:AtlasDDMClient:sphenix" "endpoints_json_path" "$PANDA_CRIC_URL_DDMENDPOINTS" "voWithScope" "wlcg")
  "confeeder" (dict "nWorkers" "6") "taskrefine" (dict "nWorkers" "3") "jobgen" (dict "nWorkers" "6")
  "postprocessor" (dict "nWorkers" "6") "taskbroker" (dict "nWorkers" "3") "tcommando" (dict "nWorkers" "6")
  "tasksetup" (dict "modConfig" "wlcg:any:pandajedi.jedisetup.SimpleTaskSetupper:SimpleTaskSetupper")
  "watchdog" (dict "waitForPending" "1" "loopCycle" "60")
-}}
{{- if include "panda.mq" . }}
{{- $_ := set $base "msgprocessor" (dict "configFile" "/opt/panda/etc/panda/jedi_msg_proc_config.json") }}
{{- $_ := set $base "mq" (dict "configFile" "/opt/panda/etc/panda/jedi_mq_config.json") }}
{{- end -}}
{{- toJson (mergeOverwrite $base (deepCopy .Values.jedi.config)) -}}
{{- end -}}

{{/* panda.serverConfig: the data of the server's config ConfigMap. */}}
{{- define "panda.serverConfig" -}}
panda_server_config.json: {{ include "panda.serverConfigDoc" . | fromJson | toPrettyJson | quote }}
{{- end -}}

{{/* panda.jediConfig: the data of JEDI's config ConfigMap: its own file and the server's, which JEDI's PanDA libraries read too. */}}
{{- define "panda.jediConfig" -}}
panda_jedi_config.json: {{ include "panda.jediConfigDoc" . | fromJson | toPrettyJson | quote }}
panda_server_config.json: {{ include "panda.serverConfigDoc" . | fromJson | toPrettyJson | quote }}
{{- end -}}

{{/* panda.sandbox: (list ctx sub) -> the data of a sub-component's sandbox ConfigMap (files/<sub>/*). */}}
{{- define "panda.sandbox" -}}
{{- $ctx := index . 0 -}}
{{- $sub := index . 1 -}}
{{- range $path, $_ := $ctx.Files.Glob (printf "files/%s/*" $sub) }}
{{- $name := base $path }}
{{- if or (include "panda.mq" $ctx) (not (hasSuffix "_config.json" $name)) }}
{{ $name }}: {{ $ctx.Files.Get $path | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* panda.externalSandbox: ctx -> the data of the sandbox server and JEDI share (client configurations). */}}
{{- define "panda.externalSandbox" -}}
{{- range $path, $_ := .Files.Glob "files/external/*" }}
{{ base $path }}: {{ $.Files.Get $path | quote }}
{{- end }}
rucio_rse_usage.json: {{ toJson .Values.rucioRseUsage | quote }}
{{- with .Values.oracle.tnsnames }}
tnsnames.ora: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* panda.configChecksums: (list ctx sub) -> checksum annotations of the ConfigMaps a sub-component mounts. */}}
{{- define "panda.configChecksums" -}}
{{- $ctx := index . 0 -}}
{{- $sub := index . 1 -}}
{{ include "pk.configChecksum" (list (printf "%s-config" $sub) (include (printf "panda.%sConfig" $sub) $ctx)) }}
{{ include "pk.configChecksum" (list (printf "%s-sandbox" $sub) (include "panda.sandbox" (list $ctx $sub))) }}
{{ include "pk.configChecksum" (list "external-sandbox" (include "panda.externalSandbox" $ctx)) }}
{{- end -}}

{{/* panda.secretChecksums: ctx -> checksum annotations of the Secrets server and JEDI read. */}}
{{- define "panda.secretChecksums" -}}
{{- $s := list . "panda-envs" "panda-auth" "panda-token-cache" -}}
{{- if not .Values.global.existingTlsSecret }}{{ $s = append $s "panda-certs" }}{{ end -}}
{{ include "pk.secretChecksums" $s }}
{{- end -}}

{{/* panda.start: (list ctx service) -> the start command: wait for the database, copy the sandbox to /data/panda,
fill its templates, run the service script in the foreground (run-panda-services or run-jedi-services). */}}
{{- define "panda.start" -}}
- /bin/bash
- -c
- |
  set -e
  if [ "${PANDA_DB_BACKEND}" = postgres ]; then
    until /usr/pgsql-*/bin/pg_isready -q -h "${PANDA_DB_HOST}" -p "${PANDA_DB_PORT}"; do
      echo "waiting for the PanDA database ${PANDA_DB_HOST}:${PANDA_DB_PORT}"; sleep 5
    done
  fi
  cp -L /opt/panda/sandbox/* /data/panda/
  chmod 0755 /data/panda/init-* /data/panda/run-*
  mkdir -p /var/log/panda/pandacache/jedilog
  /opt/panda/bin/python /data/panda/process_template.py /data/panda
  exec /data/panda/{{ index . 1 }}
{{- end -}}

{{/* panda.commonVolumes: (list ctx sub values) -> volumes server and JEDI both mount. */}}
{{- define "panda.commonVolumes" -}}
{{- $ctx := index . 0 -}}
{{- $sub := index . 1 -}}
{{- $v := index . 2 -}}
- name: auth
  secret:
    secretName: {{ include "pk.secret" (list $ctx "panda-auth") }}
- name: sandbox
  projected:
    sources:
      - configMap:
          name: {{ include "pk.workload" (list $ctx $sub) }}-sandbox
      - configMap:
          name: {{ include "pk.fullname" $ctx }}-external-sandbox
      - secret:
          name: {{ include "pk.secret" (list $ctx "panda-token-cache") }}
- name: certs
  secret:
    {{- with $ctx.Values.global.existingTlsSecret }}
    secretName: {{ . }}
    items:
      - {key: tls.crt, path: hostcert.pem}
      - {key: tls.key, path: hostkey.pem}
      - {key: tls.crt, path: chain.pem}
    {{- else }}
    secretName: {{ include "pk.secret" (list $ctx "panda-certs") }}
    {{- end }}
# CRIC-free mode: the secrets release turns secrets/files/cric_jsons/*.json into this Secret. A
# volume (not env, not subPath) so `helm upgrade panda-secrets` reaches running pods; optional
# because with real CRIC it does not exist.
- name: cric
  secret:
    secretName: {{ include "pk.secret" (list $ctx "cric-jsons") }}
    optional: true
- name: config
  configMap:
    name: {{ include "pk.workload" (list $ctx $sub) }}-config
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- with $v.logs.sharedClaim }}
- name: logs
  persistentVolumeClaim:
    claimName: {{ . }}
{{- end }}
{{- end -}}

{{/* panda.commonMounts: values -> mounts of the volumes above. */}}
{{- define "panda.commonMounts" -}}
- {name: logs, mountPath: /var/log/panda{{ with .logs.subPath }}, subPath: {{ . }}{{ end }}}
- {name: auth, mountPath: /opt/panda/etc/panda/auth, readOnly: true}
- {name: sandbox, mountPath: /opt/panda/sandbox, readOnly: true}
- {name: certs, mountPath: /opt/panda/etc/cert, readOnly: true}
- {name: cric, mountPath: /var/cric, readOnly: true}
- {name: config, mountPath: /opt/panda/etc/config_json, readOnly: true}
- {name: data, mountPath: /data/panda}
- {name: tmp, mountPath: /tmp}
{{- end -}}

{{/* panda.commonEnv: (list ctx values) -> environment both server and JEDI get beside panda-envs. */}}
{{- define "panda.commonEnv" -}}
{{- $v := index . 1 -}}
{{- if $v.noRoot }}
- name: PANDA_NO_ROOT
  value: "1"
{{- end }}
- name: PANDA_SERVER_CONF_SERVERNAME
  value: {{ include "pk.service" (list (index . 0) "panda" "server") }}
{{- include "pk.extraEnv" $v.extraEnv }}
{{- end -}}
