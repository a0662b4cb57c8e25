{{/* Chart-specific halves of the naming helpers in _common.tpl. */}}

{{- define "pk.component" -}}msgsvc{{- end -}}

{{/* pk.affix: the affix every release of this deployment shares. */}}
{{- define "pk.affix" -}}{{ .Values.global.affix }}{{- end -}}

{{/* pk.secretPrefix: the secrets release name (global.secret). */}}
{{- define "pk.secretPrefix" -}}{{ .Values.global.secret }}{{- end -}}

{{/* pk.fullname: this release's name, global.deploymentName or else the one the affix gives. */}}
{{- define "pk.fullname" -}}
{{- .Values.global.deploymentName | default (include "pk.release" (list . (include "pk.component" .))) | trunc 63 -}}
{{- end -}}

{{/* msgsvc.validateValues: every problem with the values, one per line (templates/validation.yaml fails on them). */}}
{{- define "msgsvc.validateValues" -}}
{{- include "pk.validateCommon" . }}
{{- end -}}

{{/* msgsvc.sandbox: the data of the broker's sandbox ConfigMap (mounted at /opt/activemq/sandbox). */}}
{{- define "msgsvc.sandbox" -}}
activemq.xml: {{ tpl (.Files.Get "files/activemq.xml") . | quote }}
install_conf.py: {{ .Files.Get "files/install_conf.py" | quote }}
{{- end -}}
