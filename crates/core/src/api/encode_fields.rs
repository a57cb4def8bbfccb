//! The JSON fields of every API type, for [`Encode`](super::encode::Encode): names in
//! declaration order, and whether an empty value is left out (`omitempty`, the types'
//! `skip_serializing_if`). They mirror the serde attributes on the types; `tests/encode.rs`
//! checks that both give the same JSON.

use super::*;
use crate::encode_struct;

encode_struct!(StatefulSet, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(StatefulSetSpec, [
    replicas "replicas" omitempty,
    selector "selector" omitempty,
    template "template" always,
    volume_claim_templates "volumeClaimTemplates" omitempty,
    service_name "serviceName" omitempty,
    pod_management_policy "podManagementPolicy" omitempty,
    update_strategy "updateStrategy" omitempty,
    revision_history_limit "revisionHistoryLimit" omitempty,
    min_ready_seconds "minReadySeconds" omitempty,
    persistent_volume_claim_retention_policy "persistentVolumeClaimRetentionPolicy" omitempty,
    ordinals "ordinals" omitempty,
]);

encode_struct!(StatefulSetUpdateStrategy, [
    type_ "type" omitempty,
    rolling_update "rollingUpdate" omitempty,
]);

encode_struct!(RollingUpdateStatefulSetStrategy, [
    partition "partition" omitempty,
    max_unavailable "maxUnavailable" omitempty,
]);

encode_struct!(RetentionPolicy, [
    when_deleted "whenDeleted" omitempty,
    when_scaled "whenScaled" omitempty,
]);

encode_struct!(StatefulSetOrdinals, [
    start "start" always,
]);

encode_struct!(StatefulSetStatus, [
    observed_generation "observedGeneration" omitempty,
    replicas "replicas" always,
    ready_replicas "readyReplicas" omitempty,
    current_replicas "currentReplicas" omitempty,
    updated_replicas "updatedReplicas" omitempty,
    available_replicas "availableReplicas" omitempty,
    current_revision "currentRevision" omitempty,
    update_revision "updateRevision" omitempty,
    collision_count "collisionCount" omitempty,
    conditions "conditions" omitempty,
]);

encode_struct!(ControllerRevision, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    data "data" always,
    revision "revision" always,
]);

encode_struct!(ObjectMeta, [
    name "name" omitempty,
    generate_name "generateName" omitempty,
    namespace "namespace" omitempty,
    uid "uid" omitempty,
    resource_version "resourceVersion" omitempty,
    generation "generation" omitempty,
    creation_timestamp "creationTimestamp" omitempty,
    deletion_timestamp "deletionTimestamp" omitempty,
    deletion_grace_period_seconds "deletionGracePeriodSeconds" omitempty,
    labels "labels" omitempty,
    annotations "annotations" omitempty,
    owner_references "ownerReferences" omitempty,
    finalizers "finalizers" omitempty,
    managed_fields "managedFields" omitempty,
]);

encode_struct!(OwnerReference, [
    api_version "apiVersion" always,
    kind "kind" always,
    name "name" always,
    uid "uid" always,
    controller "controller" omitempty,
    block_owner_deletion "blockOwnerDeletion" omitempty,
]);

encode_struct!(LabelSelector, [
    match_labels "matchLabels" omitempty,
    match_expressions "matchExpressions" omitempty,
]);

encode_struct!(LabelSelectorRequirement, [
    key "key" always,
    operator "operator" always,
    values "values" omitempty,
]);

encode_struct!(Pod, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(PodTemplateSpec, [
    metadata "metadata" always,
    spec "spec" always,
]);

encode_struct!(PodSpec, [
    init_containers "initContainers" omitempty,
    containers "containers" always,
    volumes "volumes" omitempty,
    restart_policy "restartPolicy" omitempty,
    termination_grace_period_seconds "terminationGracePeriodSeconds" omitempty,
    active_deadline_seconds "activeDeadlineSeconds" omitempty,
    dns_policy "dnsPolicy" omitempty,
    node_selector "nodeSelector" omitempty,
    service_account_name "serviceAccountName" omitempty,
    service_account "serviceAccount" omitempty,
    automount_service_account_token "automountServiceAccountToken" omitempty,
    node_name "nodeName" omitempty,
    host_network "hostNetwork" omitempty,
    host_pid "hostPid" omitempty,
    host_ipc "hostIpc" omitempty,
    share_process_namespace "shareProcessNamespace" omitempty,
    security_context "securityContext" omitempty,
    image_pull_secrets "imagePullSecrets" omitempty,
    hostname "hostname" omitempty,
    subdomain "subdomain" omitempty,
    affinity "affinity" omitempty,
    scheduler_name "schedulerName" omitempty,
    tolerations "tolerations" omitempty,
    host_aliases "hostAliases" omitempty,
    priority_class_name "priorityClassName" omitempty,
    priority "priority" omitempty,
    dns_config "dnsConfig" omitempty,
    readiness_gates "readinessGates" omitempty,
    runtime_class_name "runtimeClassName" omitempty,
    enable_service_links "enableServiceLinks" omitempty,
    preemption_policy "preemptionPolicy" omitempty,
    overhead "overhead" omitempty,
    topology_spread_constraints "topologySpreadConstraints" omitempty,
    set_hostname_as_fqdn "setHostnameAsFqdn" omitempty,
    os "os" omitempty,
    host_users "hostUsers" omitempty,
    scheduling_gates "schedulingGates" omitempty,
    resource_claims "resourceClaims" omitempty,
    resources "resources" omitempty,
]);

encode_struct!(Container, [
    name "name" always,
    image "image" omitempty,
    command "command" omitempty,
    args "args" omitempty,
    working_dir "workingDir" omitempty,
    ports "ports" omitempty,
    env_from "envFrom" omitempty,
    env "env" omitempty,
    resources "resources" omitempty,
    resize_policy "resizePolicy" omitempty,
    restart_policy "restartPolicy" omitempty,
    volume_mounts "volumeMounts" omitempty,
    volume_devices "volumeDevices" omitempty,
    liveness_probe "livenessProbe" omitempty,
    readiness_probe "readinessProbe" omitempty,
    startup_probe "startupProbe" omitempty,
    lifecycle "lifecycle" omitempty,
    termination_message_path "terminationMessagePath" omitempty,
    termination_message_policy "terminationMessagePolicy" omitempty,
    image_pull_policy "imagePullPolicy" omitempty,
    security_context "securityContext" omitempty,
    stdin "stdin" omitempty,
    stdin_once "stdinOnce" omitempty,
    tty "tty" omitempty,
]);

encode_struct!(ContainerPort, [
    name "name" omitempty,
    host_port "hostPort" omitempty,
    container_port "containerPort" always,
    protocol "protocol" omitempty,
    host_ip "hostIp" omitempty,
]);

encode_struct!(EnvVar, [
    name "name" always,
    value "value" omitempty,
    value_from "valueFrom" omitempty,
]);

encode_struct!(VolumeMount, [
    name "name" always,
    mount_path "mountPath" always,
    read_only "readOnly" omitempty,
    sub_path "subPath" omitempty,
    sub_path_expr "subPathExpr" omitempty,
    mount_propagation "mountPropagation" omitempty,
    recursive_read_only "recursiveReadOnly" omitempty,
]);

encode_struct!(Probe, [
    exec "exec" omitempty,
    http_get "httpGet" omitempty,
    tcp_socket "tcpSocket" omitempty,
    grpc "grpc" omitempty,
    initial_delay_seconds "initialDelaySeconds" omitempty,
    timeout_seconds "timeoutSeconds" omitempty,
    period_seconds "periodSeconds" omitempty,
    success_threshold "successThreshold" omitempty,
    failure_threshold "failureThreshold" omitempty,
    termination_grace_period_seconds "terminationGracePeriodSeconds" omitempty,
]);

encode_struct!(HttpGetAction, [
    path "path" omitempty,
    port "port" always,
    host "host" omitempty,
    scheme "scheme" omitempty,
    http_headers "httpHeaders" omitempty,
]);

encode_struct!(Volume, [
    name "name" always,
    persistent_volume_claim "persistentVolumeClaim" omitempty,
], rest other_sources);

encode_struct!(PvcVolumeSource, [
    claim_name "claimName" always,
    read_only "readOnly" omitempty,
]);

encode_struct!(Toleration, [
    key "key" omitempty,
    operator "operator" omitempty,
    value "value" omitempty,
    effect "effect" omitempty,
    toleration_seconds "tolerationSeconds" omitempty,
]);

encode_struct!(PodStatus, [
    phase "phase" omitempty,
    conditions "conditions" omitempty,
    message "message" omitempty,
    reason "reason" omitempty,
    host_ip "hostIp" omitempty,
    pod_ip "podIp" omitempty,
    start_time "startTime" omitempty,
    init_container_statuses "initContainerStatuses" omitempty,
    container_statuses "containerStatuses" omitempty,
    qos_class "qosClass" omitempty,
]);

encode_struct!(PodCondition, [
    type_ "type" always,
    status "status" always,
    last_probe_time "lastProbeTime" omitempty,
    last_transition_time "lastTransitionTime" omitempty,
    reason "reason" omitempty,
    message "message" omitempty,
]);

encode_struct!(ContainerStatus, [
    name "name" always,
    state "state" always,
    last_state "lastState" omitempty,
    ready "ready" always,
    restart_count "restartCount" always,
    image "image" always,
    image_id "imageId" always,
    container_id "containerId" omitempty,
    started "started" omitempty,
]);

encode_struct!(ContainerState, [
    waiting "waiting" omitempty,
    running "running" omitempty,
    terminated "terminated" omitempty,
], empty ContainerState::is_empty);

encode_struct!(StateWaiting, [
    reason "reason" omitempty,
    message "message" omitempty,
]);

encode_struct!(StateRunning, [
    started_at "startedAt" omitempty,
]);

encode_struct!(StateTerminated, [
    exit_code "exitCode" always,
    signal "signal" omitempty,
    reason "reason" omitempty,
    message "message" omitempty,
    started_at "startedAt" omitempty,
    finished_at "finishedAt" omitempty,
    container_id "containerId" omitempty,
]);

encode_struct!(Service, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(ServiceSpec, [
    ports "ports" omitempty,
    selector "selector" omitempty,
    cluster_ip "clusterIP" omitempty,
    cluster_ips "clusterIPs" omitempty,
    type_ "type" omitempty,
    external_ips "externalIPs" omitempty,
    session_affinity "sessionAffinity" omitempty,
    external_name "externalName" omitempty,
    publish_not_ready_addresses "publishNotReadyAddresses" omitempty,
    ip_families "ipFamilies" omitempty,
    ip_family_policy "ipFamilyPolicy" omitempty,
    internal_traffic_policy "internalTrafficPolicy" omitempty,
    external_traffic_policy "externalTrafficPolicy" omitempty,
    load_balancer_ip "loadBalancerIp" omitempty,
    load_balancer_source_ranges "loadBalancerSourceRanges" omitempty,
    session_affinity_config "sessionAffinityConfig" omitempty,
    health_check_node_port "healthCheckNodePort" omitempty,
    allocate_load_balancer_node_ports "allocateLoadBalancerNodePorts" omitempty,
    load_balancer_class "loadBalancerClass" omitempty,
    traffic_distribution "trafficDistribution" omitempty,
]);

encode_struct!(ServicePort, [
    name "name" omitempty,
    protocol "protocol" omitempty,
    app_protocol "appProtocol" omitempty,
    port "port" always,
    target_port "targetPort" omitempty,
    node_port "nodePort" omitempty,
]);

encode_struct!(Endpoints, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    subsets "subsets" omitempty,
]);

encode_struct!(EndpointSubset, [
    addresses "addresses" omitempty,
    not_ready_addresses "notReadyAddresses" omitempty,
    ports "ports" omitempty,
]);

encode_struct!(EndpointAddress, [
    ip "ip" always,
    hostname "hostname" omitempty,
    node_name "nodeName" omitempty,
    target_ref "targetRef" omitempty,
]);

encode_struct!(EndpointPort, [
    name "name" omitempty,
    port "port" always,
    protocol "protocol" omitempty,
]);

encode_struct!(PersistentVolumeClaim, [
    api_version "apiVersion" omitempty,
    kind "kind" omitempty,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(PvcSpec, [
    access_modes "accessModes" omitempty,
    selector "selector" omitempty,
    resources "resources" omitempty,
    volume_name "volumeName" omitempty,
    storage_class_name "storageClassName" omitempty,
    volume_mode "volumeMode" omitempty,
    data_source "dataSource" omitempty,
    data_source_ref "dataSourceRef" omitempty,
    volume_attributes_class_name "volumeAttributesClassName" omitempty,
]);

encode_struct!(ResourceRequirements, [
    requests "requests" omitempty,
    limits "limits" omitempty,
]);

encode_struct!(PvcStatus, [
    phase "phase" omitempty,
    access_modes "accessModes" omitempty,
    capacity "capacity" omitempty,
]);

encode_struct!(PersistentVolume, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(PvSpec, [
    capacity "capacity" omitempty,
    access_modes "accessModes" omitempty,
    claim_ref "claimRef" omitempty,
    persistent_volume_reclaim_policy "persistentVolumeReclaimPolicy" omitempty,
    storage_class_name "storageClassName" omitempty,
    volume_mode "volumeMode" omitempty,
    host_path "hostPath" omitempty,
    node_affinity "nodeAffinity" omitempty,
]);

encode_struct!(PvStatus, [
    phase "phase" omitempty,
]);

encode_struct!(ObjectReference, [
    api_version "apiVersion" omitempty,
    kind "kind" omitempty,
    namespace "namespace" omitempty,
    name "name" omitempty,
    uid "uid" omitempty,
    resource_version "resourceVersion" omitempty,
    field_path "fieldPath" omitempty,
]);

encode_struct!(StorageClass, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    provisioner "provisioner" always,
    reclaim_policy "reclaimPolicy" omitempty,
    volume_binding_mode "volumeBindingMode" omitempty,
    allow_volume_expansion "allowVolumeExpansion" omitempty,
    parameters "parameters" omitempty,
    mount_options "mountOptions" omitempty,
]);

encode_struct!(Node, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    spec "spec" always,
    status "status" always,
]);

encode_struct!(NodeSpec, [
    pod_cidr "podCIDR" omitempty,
    unschedulable "unschedulable" omitempty,
    taints "taints" omitempty,
]);

encode_struct!(Taint, [
    key "key" always,
    value "value" omitempty,
    effect "effect" always,
    time_added "timeAdded" omitempty,
]);

encode_struct!(NodeStatus, [
    conditions "conditions" omitempty,
    addresses "addresses" omitempty,
    node_info "nodeInfo" omitempty,
]);

encode_struct!(NodeCondition, [
    type_ "type" always,
    status "status" always,
    last_heartbeat_time "lastHeartbeatTime" omitempty,
    last_transition_time "lastTransitionTime" omitempty,
    reason "reason" omitempty,
    message "message" omitempty,
]);

encode_struct!(NodeAddress, [
    type_ "type" always,
    address "address" always,
]);

encode_struct!(Event, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
    involved_object "involvedObject" always,
    reason "reason" always,
    message "message" always,
    source "source" always,
    first_timestamp "firstTimestamp" omitempty,
    last_timestamp "lastTimestamp" omitempty,
    count "count" always,
    type_ "type" always,
    event_time "eventTime" omitempty,
    reporting_component "reportingComponent" omitempty,
    reporting_instance "reportingInstance" omitempty,
]);

encode_struct!(EventSource, [
    component "component" omitempty,
    host "host" omitempty,
]);

encode_struct!(GenericObject, [
    api_version "apiVersion" always,
    kind "kind" always,
    metadata "metadata" always,
], rest rest);
