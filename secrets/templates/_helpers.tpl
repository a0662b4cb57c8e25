{{/* Chart-specific halves of the naming helpers in _common.tpl, and the host names the Secrets hand out. */}}

{{- define "pk.component" -}}secrets{{- end -}}

{{/* pk.affix: the top-level `affix` value (the installer reads the same key). */}}
{{- define "pk.affix" -}}{{ .Values.affix }}{{- end -}}

{{/* pk.secretPrefix: every Secret is <release>-<suffix>; the release is panda-secrets (SECRETS_RELEASE). */}}
{{- define "pk.secretPrefix" -}}{{ .Release.Name }}{{- end -}}

{{- define "pk.fullname" -}}{{ .Release.Name }}{{- end -}}

{{/* Service host names of the components, by the same rule the charts name their Services. */}}
{{- define "secrets.activemq" -}}{{ include "pk.service" (list . "msgsvc" "activemq") }}:61613{{- end -}}
{{- define "secrets.pandaServer" -}}{{ include "pk.service" (list . "panda" "server") }}{{- end -}}
{{- define "secrets.pandaHttp" -}}http://{{ include "secrets.pandaServer" . }}:80{{- end -}}
{{- define "secrets.pandaHttps" -}}https://{{ include "secrets.pandaServer" . }}:443{{- end -}}
{{- define "secrets.iddsRest" -}}{{ include "pk.service" (list . "idds" "rest") }}{{- end -}}
{{- define "secrets.bigmon" -}}https://{{ include "pk.service" (list . "bigmon" "main") }}:443{{- end -}}
{{- define "secrets.pandaDbHost" -}}{{ .Values.panda.database.host | default (include "pk.service" (list . "panda" "postgres")) }}{{- end -}}
{{- define "secrets.iddsDbHost" -}}{{ .Values.idds.database.host | default (include "pk.service" (list . "idds" "postgres")) }}{{- end -}}
{{- define "secrets.harvesterDbHost" -}}{{ .Values.harvester.database.host | default (include "pk.service" (list . "harvester" "mariadb")) }}{{- end -}}
{{- define "secrets.iamDbHost" -}}{{ .Values.iam.database.host | default (include "pk.service" (list . "iam" "mariadb")) }}{{- end -}}

{{/* secrets.metadata: (list ctx suffix) -> name and labels of one Secret. */}}
{{- define "secrets.metadata" -}}
name: {{ include "pk.secret" . }}
labels:
  {{- include "pk.labels" (list (index . 0) (index . 1)) | nindent 2 }}
{{- end -}}

{{/* secrets.proxy: proxy variables, each only when set. */}}
{{- define "secrets.proxy" -}}
{{- with .Values.proxy.httpProxy }}
http_proxy: {{ . | quote }}
{{- end }}
{{- with .Values.proxy.httpsProxy }}
https_proxy: {{ . | quote }}
{{- end }}
{{- if or .Values.proxy.httpProxy .Values.proxy.httpsProxy }}
no_proxy: {{ .Values.proxy.noProxy | default (printf "localhost,.svc,.cluster.local,%s,%s" (include "secrets.pandaServer" .) (include "secrets.iddsRest" .)) | quote }}
{{- end }}
{{- end -}}

{{/* secrets.pandaAuth: (list ctx prefix) -> the PanDA client credentials every client of the server gets. */}}
{{- define "secrets.pandaClient" -}}
{{- $ctx := index . 0 -}}
{{ index . 1 }}AUTH: {{ $ctx.Values.auth.auth | quote }}
{{ index . 1 }}AUTH_ID_TOKEN: {{ $ctx.Values.auth.authIdToken | quote }}
{{ index . 1 }}AUTH_VO: {{ $ctx.Values.auth.authVO | quote }}
{{- end -}}

{{/* secrets.files: (list ctx glob) -> stringData-free data entries, base64, one per file (none when absent). */}}
{{- define "secrets.files" -}}
{{- $ctx := index . 0 -}}
{{- range $path, $_ := $ctx.Files.Glob (index . 1) }}
{{ base $path }}: {{ $ctx.Files.Get $path | b64enc | quote }}
{{- end }}
{{- end -}}

{{/* secrets.certs: (list ctx comp) -> Opaque Secret <comp>-certs, plus <comp>-tls-certs when both hostcert.pem and hostkey.pem exist.
Missing files are left out rather than rendered empty: the images make a self-signed certificate when
hostcert.pem is absent, and an ingress whose TLS Secret is missing says so instead of serving an empty one. */}}
{{- define "secrets.certs" -}}
{{- $ctx := index . 0 -}}
{{- $comp := index . 1 -}}
{{- $dir := printf "files/%s_certs" $comp -}}
apiVersion: v1
kind: Secret
metadata:
  {{- include "secrets.metadata" (list $ctx (printf "%s-certs" $comp)) | nindent 2 }}
type: Opaque
data:
  {{- include "secrets.files" (list $ctx (printf "%s/*.pem" $dir)) | indent 2 }}
  {{- include "secrets.files" (list $ctx (printf "%s/*.proxy" $dir)) | indent 2 }}
{{- $cert := $ctx.Files.Get (printf "%s/hostcert.pem" $dir) -}}
{{- $key := $ctx.Files.Get (printf "%s/hostkey.pem" $dir) -}}
{{- if and $cert $key }}
---
apiVersion: v1
kind: Secret
metadata:
  {{- include "secrets.metadata" (list $ctx (printf "%s-tls-certs" $comp)) | nindent 2 }}
type: kubernetes.io/tls
data:
  # nginx serves tls.crt as the whole chain: host certificate first, then chain.pem.
  tls.crt: {{ printf "%s\n%s" (trim $cert) (trim ($ctx.Files.Get (printf "%s/chain.pem" $dir))) | trim | b64enc | quote }}
  tls.key: {{ $key | b64enc | quote }}
{{- end }}
{{- end -}}

{{/* secrets.validateValues: every problem with the values, one per line. */}}
{{- define "secrets.validateValues" -}}
{{- include "pk.validateCommon" . }}
{{- if .Values.msgsvc.enabled }}
{{- $accounts := .Values.msgsvc.accounts }}
{{- range .Values.msgsvc.channels }}
{{- $parts := splitList ":" . }}
{{- if or (ne (len $parts) 3) (not (index $parts 0)) }}
msgsvc.channels entry "{{ . }}" is not name:writers:readers (accounts separated by ","): e.g. "panda_jedi:panda:jedi"
{{- else }}
{{- $channel := . }}
{{- range concat (splitList "," (index $parts 1)) (splitList "," (index $parts 2)) }}
{{- if and . (not (has . $accounts)) }}
msgsvc.channels entry "{{ $channel }}" names account "{{ . }}", which msgsvc.accounts ({{ join ", " $accounts }}) does not declare: add it there or fix the entry
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (not .Values.cric.real) .Values.panda.enabled }}
{{- range list "sites.json" "panda_queues.json" "ddm_endpoints.json" }}
{{- if not ($.Files.Get (printf "files/cric_jsons/%s" .)) }}
{{- if $.Values.cric.requireFiles }}
cric.real is false but secrets/files/cric_jsons/{{ . }} is missing: add the file, or set --set cric.real=true to use a CRIC instance
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}
