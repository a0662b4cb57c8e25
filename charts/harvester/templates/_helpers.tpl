{{/* Chart-specific halves of the naming helpers in _common.tpl. */}}

{{- define "pk.component" -}}harvester{{- end -}}

{{/* pk.affix: the affix every release of this deployment shares. */}}
{{- define "pk.affix" -}}{{ .Values.global.affix }}{{- end -}}

{{/* pk.secretPrefix: the secrets release name (global.secret). */}}
{{- define "pk.secretPrefix" -}}{{ .Values.global.secret }}{{- end -}}

{{/* pk.fullname: this release's name, global.deploymentName or else the one the affix gives. */}}
{{- define "pk.fullname" -}}
{{- .Values.global.deploymentName | default (include "pk.release" (list . (include "pk.component" .))) | trunc 63 -}}
{{- end -}}

{{/* harvester.validateValues: every problem with the values, one per line (templates/validation.yaml fails on them). */}}
{{- define "harvester.validateValues" -}}
{{- include "pk.validateCommon" . }}
{{- end -}}

{{/* harvester.experimentId: EXPERIMENT, Harvester's own experiment id, from the one global.experiment the installer sets
(its ids differ: lsst-prod is lsst_prod, atlas_testbed is atlas, CERN runs DOMA's). */}}
{{- define "harvester.experimentId" -}}
{{- .Values.harvester.experiment | default (get .Values.harvester.experimentIds (.Values.global.experiment | default "")) -}}
{{- end -}}

{{/* harvester.config: the data of Harvester's ConfigMap (its config JSON and a queue configuration per experiment). */}}
{{- define "harvester.config" -}}
{{- $v := .Values.harvester -}}
panda_harvester_configmap.json: {{ toPrettyJson $v.configMap | quote }}
{{- range $exp, $queues := $v.queueConfig }}
{{ $exp }}.panda_queueconfig.json: {{ toPrettyJson $queues | quote }}
{{- end }}
{{- end -}}
