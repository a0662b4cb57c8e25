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

{{/* secrets.pandaClient: (list ctx prefix [tokenFile]) -> the PanDA client credentials every client of the server gets.
With an internal client (auth.auth_client_id) a component that names a tokenFile presents the short-lived token
kept there instead of the long-lived auth.authIdToken, as VO <authVO>.internal. */}}
{{- define "secrets.pandaClient" -}}
{{- $ctx := index . 0 -}}
{{- $a := $ctx.Values.auth -}}
{{ index . 1 }}AUTH: {{ $a.auth | quote }}
{{- if and $a.auth_client_id (gt (len .) 2) }}
{{ index . 1 }}AUTH_ID_TOKEN: {{ printf "file:%s" (index . 2) | quote }}
{{ index . 1 }}AUTH_VO: {{ printf "%s.internal" $a.authVO | quote }}
{{- else }}
{{ index . 1 }}AUTH_ID_TOKEN: {{ $a.authIdToken | quote }}
{{ index . 1 }}AUTH_VO: {{ $a.authVO | quote }}
{{- end }}
{{- end -}}

{{/* secrets.rucio: (list ctx prefix) -> the Rucio client settings, every key present (empty when unused) so the
rucio.cfg templates always resolve; the branch follows rucio.authType. */}}
{{- define "secrets.rucio" -}}
{{- $r := (index . 0).Values.rucio -}}
{{- $p := index . 1 -}}
{{- $type := $r.authType | default "userpass" }}
{{ $p }}AUTH_TYPE: {{ $type | quote }}
{{ $p }}ACCOUNT: {{ $r.account | quote }}
{{ $p }}CA_CERT: {{ $r.caCert | default "/etc/grid-security/certificates/" | quote }}
{{ $p }}USERNAME: {{ eq $type "userpass" | ternary $r.username "" | quote }}
{{ $p }}PASSWORD: {{ eq $type "userpass" | ternary $r.password "" | quote }}
{{- if eq $type "oidc" }}
{{ $p }}OIDC_AUDIENCE: {{ $r.oidcAudience | quote }}
{{ $p }}OIDC_SCOPE: {{ $r.oidcScope | quote }}
{{ $p }}OIDC_ISSUER: {{ $r.oidcIssuer | quote }}
{{ $p }}OIDC_REFRESH_ACTIVE: {{ $r.oidcRefreshActive | toString | quote }}
{{ $p }}OIDC_REFRESH_BEFORE_EXP: {{ $r.oidcRefreshBeforeExp | toString | quote }}
{{- end }}
{{- end -}}

{{/* secrets.x509Proxy: (list ctx certDir) -> path of the Rucio proxy as mounted from <comp>-certs, "" without one. */}}
{{- define "secrets.x509Proxy" -}}
{{- $r := (index . 0).Values.rucio -}}
{{- if and (eq $r.authType "x509_proxy") $r.clientX509Proxy }}{{ printf "%s/%s" (index . 1) (base $r.clientX509Proxy) }}{{ end -}}
{{- end -}}

{{/* secrets.keystore: ctx -> the IAM keystore: the file secrets/files/iam_conf/iam-keystore.jwks when present, else iam.keystore. */}}
{{- define "secrets.keystore" -}}
{{- $file := .Files.Get "files/iam_conf/iam-keystore.jwks" -}}
{{- if $file }}{{ $file }}{{ else if and .Values.iam.keystore (ne .Values.iam.keystore "FIXME") }}{{ .Values.iam.keystore }}{{ end -}}
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
{{- if .Values.iam.enabled }}
{{- $ks := include "secrets.keystore" . }}
{{- if not $ks }}
iam.keystore is not set and secrets/files/iam_conf/iam-keystore.jwks does not exist: IAM cannot sign tokens without it. panda-k8s bootstrap generates one when it fills the secret values; by hand, put a JWK set there
{{- else if not (regexMatch "\\\"d\\\"\\s*:" $ks) }}
iam.keystore (or secrets/files/iam_conf/iam-keystore.jwks) holds no private key ("d"): IAM needs a JWK set with a private RSA key to sign tokens
{{- end }}
{{- end }}
{{- if not (has .Values.rucio.authType (list "userpass" "x509_proxy" "oidc")) }}
rucio.authType "{{ .Values.rucio.authType }}" must be userpass, x509_proxy or oidc
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
