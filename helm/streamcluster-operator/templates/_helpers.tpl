{{/* The release's full name: the release name when it already names the chart. */}}
{{- define "streamcluster-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "streamcluster-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selects the operator's pods; fixed for the life of a release. */}}
{{- define "streamcluster-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "streamcluster-operator.labels" -}}
{{ include "streamcluster-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: streamcluster
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "streamcluster-operator.chart" . }}
{{- end -}}

{{- define "streamcluster-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "streamcluster-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name the existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "streamcluster-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "streamcluster-operator.mediaServerImage" -}}
{{- printf "%s:%s" .Values.mediaServer.image.repository (default .Chart.AppVersion .Values.mediaServer.image.tag) -}}
{{- end -}}

{{- define "streamcluster-operator.leaseName" -}}
{{- default (include "streamcluster-operator.fullname" .) .Values.leaderElection.leaseName -}}
{{- end -}}

{{/*
What the operator does with StreamClusters and the objects it owns, in the namespaces it watches.
The chart's tests compare these rules with the operator's needs (OperatorPermissions): change both.
*/}}
{{- define "streamcluster-operator.namespacedRules" -}}
- apiGroups: ["streamcluster.io"]
  resources: ["streamclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["streamcluster.io"]
  resources: ["streamclusters/status", "streamclusters/scale"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["services", "secrets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
