{{/* panda.serverConfig: the data of the server's ConfigMap (panda_server_config.json). */}}
{{- define "panda.serverConfig" -}}
panda_server_config.json: {{ toPrettyJson .Values.server.config | quote }}
{{- end -}}

{{/* panda.jediConfig: the data of JEDI's ConfigMap (panda_jedi_config.json). */}}
{{- define "panda.jediConfig" -}}
panda_jedi_config.json: {{ toPrettyJson .Values.jedi.config | quote }}
{{- end -}}

{{/* panda.secretChecksums: ctx -> checksum annotations of the Secrets server and JEDI read. */}}
{{- define "panda.secretChecksums" -}}
{{- $s := list . "panda-envs" "panda-auth" "panda-token-cache" -}}
{{- if not .Values.global.existingTlsSecret }}{{ $s = append $s "panda-certs" }}{{ end -}}
{{ include "pk.secretChecksums" $s }}
{{- end -}}

{{/* panda.commonVolumes: (list ctx sub values) -> volumes server and JEDI both mount. */}}
{{- define "panda.commonVolumes" -}}
{{- $ctx := index . 0 -}}
{{- $v := index . 2 -}}
- name: auth
  secret:
    secretName: {{ include "pk.secret" (list $ctx "panda-auth") }}
- name: token-cache
  secret:
    secretName: {{ include "pk.secret" (list $ctx "panda-token-cache") }}
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
    name: {{ include "pk.workload" (list $ctx (index . 1)) }}-config
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
- {name: token-cache, mountPath: /opt/panda/etc/panda/token_cache, readOnly: true}
- {name: certs, mountPath: /opt/panda/etc/cert, readOnly: true}
- {name: cric, mountPath: /var/cric, readOnly: true}
- {name: config, mountPath: /opt/panda/etc/config_json, readOnly: true}
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
