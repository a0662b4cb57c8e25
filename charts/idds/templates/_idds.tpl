{{/* idds.pod: (list ctx sub values) -> the pod spec rest and daemon share; they differ in command, ports and volumes. */}}
{{- define "idds.pod" -}}
{{- $ctx := index . 0 -}}
{{- $sub := index . 1 -}}
{{- $v := index . 2 -}}
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- include "pk.podScheduling" $v }}
containers:
  - name: {{ $sub }}
    image: {{ include "pk.image" $v }}
    imagePullPolicy: {{ $v.image.pullPolicy }}
    {{- with $v.command }}
    command:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    securityContext:
      {{- toYaml $v.securityContext | nindent 6 }}
    envFrom:
      - secretRef:
          name: {{ include "pk.secret" (list $ctx "idds-envs") }}
      - secretRef:
          name: {{ include "pk.secret" (list $ctx "idds-db-envs") }}
    env:
      {{- if $v.noRoot }}
      - {name: IDDS_NO_ROOT, value: "1"}
      {{- end }}
      {{- if eq $sub "rest" }}
      - {name: IDDS_SERVER_CONF_MIN_WORKERS, value: {{ $v.serverConf.minWorkers | quote }}}
      - {name: IDDS_SERVER_CONF_MAX_WORKERS, value: {{ $v.serverConf.maxWorkers | quote }}}
      - {name: IDDS_SERVER_CONF_NUM_WSGI, value: {{ $v.serverConf.numWSGI | quote }}}
      - {name: IDDS_SERVER_CONF_NUM_WSGI_THREAD, value: {{ $v.serverConf.numWSGIThreads | quote }}}
      {{- end }}
      {{- include "pk.extraEnv" $v.extraEnv | nindent 6 }}
    {{- if eq $sub "rest" }}
    ports:
      - {name: https, containerPort: 8443}
      - {name: http, containerPort: 8080}
    readinessProbe:
      tcpSocket:
        port: https
      initialDelaySeconds: 30
      periodSeconds: 10
    livenessProbe:
      tcpSocket:
        port: https
      initialDelaySeconds: 120
      periodSeconds: 30
    {{- else }}
    # The daemons serve no port: liveness only checks that the agents' log is still written.
    livenessProbe:
      exec:
        command: [sh, -c, 'test -n "$(find /var/log/idds -name "*.log" -mmin -30 | head -n 1)"']
      initialDelaySeconds: 600
      periodSeconds: 120
      failureThreshold: 3
    {{- end }}
    resources:
      {{- toYaml $v.resources | nindent 6 }}
    volumeMounts:
      - {name: logs, mountPath: /var/log/idds}
      - {name: auth, mountPath: /opt/idds/configmap, readOnly: true}
      - {name: certs, mountPath: /opt/idds/certs, readOnly: true}
      - {name: tmp, mountPath: /tmp}
      {{- if eq $sub "daemon" }}
      - {name: requests, mountPath: /data/idds-requests}
      {{- end }}
volumes:
  - name: auth
    secret:
      secretName: {{ include "pk.secret" (list $ctx "idds-auth") }}
  - name: certs
    secret:
      secretName: {{ include "pk.secret" (list $ctx "idds-certs") }}
  - name: tmp
    emptyDir: {}
  {{- if eq $sub "rest" }}
  - name: logs
    emptyDir: {}
  {{- else if $v.logs.sharedClaim }}
  - name: logs
    persistentVolumeClaim:
      claimName: {{ $v.logs.sharedClaim }}
  {{- end }}
{{- end -}}
