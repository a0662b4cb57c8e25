{{/*
_common.tpl: the naming, label and pod helpers every panda-k8s chart shares.
The same file is copied into each chart (a test checks the copies are identical); the
chart-specific pieces (pk.component, pk.affix, pk.secretPrefix, pk.fullname) live in _helpers.tpl.
Names follow src/deploy/names.ts: an affix ending in "-" is a prefix, any other affix a suffix,
"" leaves the component name alone. Names are cut at 63 characters, the DNS label limit.
*/}}

{{/* pk.affixed: (list affix name) -> name with the affix applied. */}}
{{- define "pk.affixed" -}}
{{- $affix := index . 0 -}}
{{- $name := index . 1 -}}
{{- if hasSuffix "-" $affix -}}
{{- printf "%s%s" $affix $name | trunc 63 -}}
{{- else -}}
{{- printf "%s%s" $name $affix | trunc 63 -}}
{{- end -}}
{{- end -}}

{{/* pk.release: (list ctx component) -> release name of any component for this affix. */}}
{{- define "pk.release" -}}
{{- include "pk.affixed" (list (include "pk.affix" (index . 0)) (index . 1)) -}}
{{- end -}}

{{/* pk.service: (list ctx component sub) -> Service (and workload) name of a sub-component. */}}
{{- define "pk.service" -}}
{{- printf "%s-%s" (include "pk.release" (list (index . 0) (index . 1))) (index . 2) | trunc 63 -}}
{{- end -}}

{{/* pk.workload: (list ctx sub) -> object name of one of this chart's sub-components. */}}
{{- define "pk.workload" -}}
{{- printf "%s-%s" (include "pk.fullname" (index . 0)) (index . 1) | trunc 63 -}}
{{- end -}}

{{/* pk.secret: (list ctx suffix) -> name of a Secret the secrets release creates. */}}
{{- define "pk.secret" -}}
{{- printf "%s-%s" (include "pk.secretPrefix" (index . 0)) (index . 1) | trunc 63 -}}
{{- end -}}

{{/* pk.selectorLabels: (list ctx sub) -> the labels a sub-component's pods are selected by. */}}
{{- define "pk.selectorLabels" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ $ctx.Chart.Name }}
app.kubernetes.io/instance: {{ include "pk.fullname" $ctx }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* pk.labels: (list ctx sub) -> standard labels of every object. */}}
{{- define "pk.labels" -}}
{{- $ctx := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version | replace "+" "_" | trunc 63 }}
{{ include "pk.selectorLabels" . }}
app.kubernetes.io/part-of: panda
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
{{- end -}}

{{/* pk.image: a sub-component's values -> "repository:tag". */}}
{{- define "pk.image" -}}
{{- printf "%s:%s" .image.repository (toString .image.tag) -}}
{{- end -}}

{{/* pk.podScheduling: a sub-component's values -> nodeSelector, tolerations and affinity when set. */}}
{{- define "pk.podScheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* pk.extraEnv: a map of extra environment variables -> env entries, sorted by name. */}}
{{- define "pk.extraEnv" -}}
{{- range $k, $v := . }}
- name: {{ $k }}
  value: {{ toString $v | quote }}
{{- end }}
{{- end -}}

{{/* pk.logsVolumeClaimTemplate: (list ctx sub values) -> a volumeClaimTemplate for logs, unless a shared claim is used. */}}
{{- define "pk.claimTemplate" -}}
{{- $ctx := index . 0 -}}
{{- $name := index . 1 -}}
{{- $p := index . 2 -}}
- metadata:
    name: {{ $name }}
    labels:
      app.kubernetes.io/part-of: panda
  spec:
    accessModes: [ReadWriteOnce]
    {{- with ($p.storageClass | default $ctx.Values.global.storageClass) }}
    storageClassName: {{ . }}
    {{- end }}
    resources:
      requests:
        storage: {{ $p.size }}
{{- end -}}

{{/* pk.ingress: (list ctx sub values serviceName port) -> an nginx Ingress for a sub-component when enabled.
SSL passthrough hands TLS to the pod (needed for GRID-proxy x509 on the PanDA server); otherwise nginx
terminates TLS with the secrets release's <comp>-tls-certs Secret and the snippets forward the client cert. */}}
{{- define "pk.ingress" -}}
{{- $ctx := index . 0 -}}
{{- $sub := index . 1 -}}
{{- $ing := (index . 2).ingress -}}
{{- $svc := index . 3 -}}
{{- $port := index . 4 -}}
{{- if $ing.enabled }}
{{- $host := $ing.host | default (printf "%s.%s" $svc $ing.domain) }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $svc }}
  labels:
    {{- include "pk.labels" (list $ctx $sub) | nindent 4 }}
  annotations:
    {{- if $ing.sslPassthrough }}
    nginx.ingress.kubernetes.io/ssl-passthrough: "true"
    {{- else }}
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
    nginx.ingress.kubernetes.io/backend-protocol: {{ $ing.backendProtocol | quote }}
    nginx.ingress.kubernetes.io/proxy-body-size: {{ $ing.proxyBodySize | quote }}
    nginx.ingress.kubernetes.io/proxy-read-timeout: "360"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "360"
    {{- if $ing.forwardClientCert }}
    {{- /* Snippets are rated Critical by ingress-nginx >= 1.12: the controller needs annotations-risk-level: Critical. */}}
    nginx.ingress.kubernetes.io/server-snippet: |
      ssl_verify_client optional_no_ca;
      ssl_verify_depth 10;
    nginx.ingress.kubernetes.io/configuration-snippet: |
      proxy_set_header SSL-CLIENT-CERT $ssl_client_escaped_cert;
      proxy_set_header SSL-CLIENT-S-DN $ssl_client_s_dn;
    {{- end }}
    {{- end }}
    {{- with $ing.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with $ing.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if and (not $ing.sslPassthrough) $ing.tlsSecret }}
  tls:
    - hosts: [{{ $host | quote }}]
      secretName: {{ include "pk.secret" (list $ctx $ing.tlsSecret) }}
  {{- end }}
  rules:
    - host: {{ $host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ $svc }}
                port:
                  number: {{ $port }}
{{- end }}
{{- end -}}

{{/* pk.secretChecksums: (list ctx suffix…) -> a checksum/secret-<suffix> pod annotation per Secret of the secrets
release the pod reads (env or files). The Secrets belong to another release, so the installer renders it and hands
each chart their digests (global.secretDigests); a changed Secret then rolls exactly the pods that read it. */}}
{{- define "pk.secretChecksums" -}}
{{- $digests := (index . 0).Values.global.secretDigests | default dict -}}
{{- $lines := list -}}
{{- range (rest .) }}{{ $lines = append $lines (printf "checksum/secret-%s: %s" . (get $digests . | default "unset" | quote)) }}{{ end -}}
{{ join "\n" $lines }}
{{- end -}}

{{/* pk.configChecksum: (list name content) -> a checksum/configmap-<name> pod annotation for a ConfigMap of this
chart the pod mounts; content is the ConfigMap's rendered data, so any change to it rolls the pod. */}}
{{- define "pk.configChecksum" -}}
checksum/configmap-{{ index . 0 }}: {{ index . 1 | sha256sum | trunc 16 | quote }}
{{- end -}}

{{/* pk.validateCommon: ctx -> messages about the values every chart shares, one per line. */}}
{{- define "pk.validateCommon" -}}
{{- $affix := include "pk.affix" . -}}
{{- if not (regexMatch "^(|[a-z0-9]([a-z0-9-]*[a-z0-9])?-|-[a-z0-9]([a-z0-9-]*[a-z0-9])?)$" $affix) }}
affix "{{ $affix }}" must be a prefix ending in "-" (test-), a suffix starting with "-" (-dev) or empty: fix it with --set global.affix=test-
{{- end }}
{{- $own := include "pk.release" (list . (include "pk.component" .)) -}}
{{- with (.Values.global | default dict).deploymentName }}
{{- if ne . $own }}
global.deploymentName "{{ . }}" disagrees with global.affix "{{ $affix }}", which names this release "{{ $own }}": pass --set global.deploymentName={{ $own }} (or the affix that gives "{{ . }}")
{{- end }}
{{- end }}
{{- end -}}
