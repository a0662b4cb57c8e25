{{/*
_test-pod.tpl: the helm test Pod every panda-k8s chart runs (`helm test`, panda-k8s verify and status --check).
The same file is in each chart's templates/tests/ (a test checks the copies are identical).
pk.testPod: (dict "ctx" . "sub" <sub-component> "script" <files/tests/ name> "image" <values with image.*>
"podSecurityContext" <map> "env" <env entries as YAML>) -> a Pod that runs `python3 -c` on
files/tests/checklib.py followed by the check script, and exits 1 when a check fails.
before-hook-creation only: the Pod stays after the run so `helm test --logs` can read it (helm 3 reads
the logs after deleting hook-succeeded Pods), and the next run replaces it.
*/}}
{{- define "pk.testPod" -}}
{{- $ctx := .ctx -}}
{{- $t := $ctx.Values.tests -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ printf "%s-test" (include "pk.workload" (list $ctx .sub)) | trunc 63 | trimSuffix "-" }}
  labels:
    {{- include "pk.labels" (list $ctx .sub) | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    {{- toYaml .podSecurityContext | nindent 4 }}
  containers:
    - name: test
      image: {{ include "pk.image" .image }}
      imagePullPolicy: {{ .image.image.pullPolicy }}
      command: [python3, -c]
      args:
        - {{ printf "%s\n%s" ($ctx.Files.Get "files/tests/checklib.py") ($ctx.Files.Get (printf "files/tests/%s" .script)) | toJson }}
      env:
        - {name: TEST_DEADLINE_SECONDS, value: {{ $t.deadlineSeconds | toString | quote }}}
        - {name: TEST_TIMEOUT_SECONDS, value: {{ $t.timeoutSeconds | toString | quote }}}
        - {name: PYTHONDONTWRITEBYTECODE, value: "1"}
        {{- .env | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
      resources:
        {{- toYaml $t.resources | nindent 8 }}
      volumeMounts:
        - {name: tmp, mountPath: /tmp}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 16Mi
{{- end -}}

{{/* pk.secretEnv: (list ctx name secret-suffix key optional) -> one env entry read from a secrets-release Secret. */}}
{{- define "pk.secretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "pk.secret" (list (index . 0) (index . 2)) }}
      key: {{ index . 3 }}
      {{- if index . 4 }}
      optional: true
      {{- end }}
{{- end -}}
