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
Exactly what the operator requests, no more: OperatorRbacIT derives that from the apiserver's audit
log (operator/src/test/resources/rbac/operator-requests.txt) and ChartRbacTest holds these rules to it.
*/}}
{{- define "streamcluster-operator.namespacedRules" -}}
# The reconciler's informer on StreamClusters, and its status written by server-side apply.
- apiGroups: ["streamcluster.io"]
  resources: ["streamclusters"]
  verbs: ["list", "watch"]
- apiGroups: ["streamcluster.io"]
  resources: ["streamclusters/status"]
  verbs: ["patch"]
# Mode Subscribers: the autoscaler sets the scale subresource, as an HPA would.
- apiGroups: ["streamcluster.io"]
  resources: ["streamclusters/scale"]
  verbs: ["update"]
# Owned objects: informers, and server-side apply (a patch, authorized as create when the object
# is absent).
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["list", "watch", "create", "patch"]
# Services: the origin's two, and with advertise: LoadBalancer one per edge pod, deleted with it.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch"]
# The cluster Secret is created once and never changed; kubernetes.io/tls Secrets are watched
# for whether the one spec.tls names exists and has a ca.crt.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch", "create"]
# Edge pods: watched for their nodes and scheduling; scale-in lowers the deletion cost of the
# drained ones; NodeExternalIP and LoadBalancer write each edge's address (and its own label)
# onto it.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- if .Values.networkPolicy.enabled }}
# networkPolicy.enabled: each StreamCluster's NetworkPolicy for the internal port.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch"]
{{- end }}
{{- end -}}
