//! The JSON fields of every API type, for [`Decode`](super::decode::Decode): names in
//! declaration order, and whether each may be absent. They mirror the serde attributes on the
//! types; `tests/decode.rs` checks both agree.

use super::*;
use crate::decode_struct;

decode_struct!(StatefulSet, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(StatefulSetSpec, deny, [
    replicas "replicas" default,
    selector "selector" default,
    template "template" default,
    volume_claim_templates "volumeClaimTemplates" default,
    service_name "serviceName" default,
    pod_management_policy "podManagementPolicy" default,
    update_strategy "updateStrategy" default,
    revision_history_limit "revisionHistoryLimit" default,
    min_ready_seconds "minReadySeconds" default,
    persistent_volume_claim_retention_policy "persistentVolumeClaimRetentionPolicy" default,
    ordinals "ordinals" default,
]);
decode_struct!(StatefulSetUpdateStrategy, deny, [
    type_ "type" default,
    rolling_update "rollingUpdate" default,
]);
decode_struct!(RollingUpdateStatefulSetStrategy, deny, [
    partition "partition" default,
    max_unavailable "maxUnavailable" default,
]);
decode_struct!(RetentionPolicy, deny, [
    when_deleted "whenDeleted" default,
    when_scaled "whenScaled" default,
]);
decode_struct!(StatefulSetOrdinals, deny, [
    start "start" default,
]);
decode_struct!(StatefulSetStatus, deny, [
    observed_generation "observedGeneration" default,
    replicas "replicas" default,
    ready_replicas "readyReplicas" default,
    current_replicas "currentReplicas" default,
    updated_replicas "updatedReplicas" default,
    available_replicas "availableReplicas" default,
    current_revision "currentRevision" default,
    update_revision "updateRevision" default,
    collision_count "collisionCount" default,
    conditions "conditions" default,
]);
decode_struct!(ControllerRevision, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    data "data" default,
    revision "revision" required,
]);
decode_struct!(ObjectMeta, deny, [
    name "name" default,
    generate_name "generateName" default,
    namespace "namespace" default,
    uid "uid" default,
    resource_version "resourceVersion" default,
    generation "generation" default,
    creation_timestamp "creationTimestamp" default,
    deletion_timestamp "deletionTimestamp" default,
    deletion_grace_period_seconds "deletionGracePeriodSeconds" default,
    labels "labels" default,
    annotations "annotations" default,
    owner_references "ownerReferences" default,
    finalizers "finalizers" default,
    managed_fields "managedFields" default,
]);
decode_struct!(OwnerReference, deny, [
    api_version "apiVersion" required,
    kind "kind" required,
    name "name" required,
    uid "uid" required,
    controller "controller" default,
    block_owner_deletion "blockOwnerDeletion" default,
]);
decode_struct!(LabelSelector, deny, [
    match_labels "matchLabels" default,
    match_expressions "matchExpressions" default,
]);
decode_struct!(LabelSelectorRequirement, deny, [
    key "key" required,
    operator "operator" required,
    values "values" default,
]);
decode_struct!(Node, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(NodeSpec, deny, [
    pod_cidr "podCIDR" default,
    unschedulable "unschedulable" default,
    taints "taints" default,
]);
decode_struct!(Taint, deny, [
    key "key" required,
    value "value" default,
    effect "effect" required,
    time_added "timeAdded" default,
]);
decode_struct!(NodeStatus, deny, [
    conditions "conditions" default,
    addresses "addresses" default,
    node_info "nodeInfo" default,
]);
decode_struct!(NodeCondition, deny, [
    type_ "type" required,
    status "status" required,
    last_heartbeat_time "lastHeartbeatTime" default,
    last_transition_time "lastTransitionTime" default,
    reason "reason" default,
    message "message" default,
]);
decode_struct!(NodeAddress, deny, [
    type_ "type" required,
    address "address" required,
]);
decode_struct!(Event, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    involved_object "involvedObject" required,
    reason "reason" default,
    message "message" default,
    source "source" default,
    first_timestamp "firstTimestamp" default,
    last_timestamp "lastTimestamp" default,
    count "count" default,
    type_ "type" default,
    event_time "eventTime" default,
    reporting_component "reportingComponent" default,
    reporting_instance "reportingInstance" default,
]);
decode_struct!(EventSource, deny, [
    component "component" default,
    host "host" default,
]);
decode_struct!(GenericObject, rest rest, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
]);
decode_struct!(Pod, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(PodTemplateSpec, deny, [
    metadata "metadata" default,
    spec "spec" default,
]);
decode_struct!(PodSpec, deny, [
    init_containers "initContainers" default,
    containers "containers" default,
    volumes "volumes" default,
    restart_policy "restartPolicy" default,
    termination_grace_period_seconds "terminationGracePeriodSeconds" default,
    active_deadline_seconds "activeDeadlineSeconds" default,
    dns_policy "dnsPolicy" default,
    node_selector "nodeSelector" default,
    service_account_name "serviceAccountName" default,
    service_account "serviceAccount" default,
    automount_service_account_token "automountServiceAccountToken" default,
    node_name "nodeName" default,
    host_network "hostNetwork" default,
    host_pid "hostPid" default,
    host_ipc "hostIpc" default,
    share_process_namespace "shareProcessNamespace" default,
    security_context "securityContext" default,
    image_pull_secrets "imagePullSecrets" default,
    hostname "hostname" default,
    subdomain "subdomain" default,
    affinity "affinity" default,
    scheduler_name "schedulerName" default,
    tolerations "tolerations" default,
    host_aliases "hostAliases" default,
    priority_class_name "priorityClassName" default,
    priority "priority" default,
    dns_config "dnsConfig" default,
    readiness_gates "readinessGates" default,
    runtime_class_name "runtimeClassName" default,
    enable_service_links "enableServiceLinks" default,
    preemption_policy "preemptionPolicy" default,
    overhead "overhead" default,
    topology_spread_constraints "topologySpreadConstraints" default,
    set_hostname_as_fqdn "setHostnameAsFqdn" default,
    os "os" default,
    host_users "hostUsers" default,
    scheduling_gates "schedulingGates" default,
    resource_claims "resourceClaims" default,
    resources "resources" default,
]);
decode_struct!(Container, deny, [
    name "name" default,
    image "image" default,
    command "command" default,
    args "args" default,
    working_dir "workingDir" default,
    ports "ports" default,
    env_from "envFrom" default,
    env "env" default,
    resources "resources" default,
    resize_policy "resizePolicy" default,
    restart_policy "restartPolicy" default,
    volume_mounts "volumeMounts" default,
    volume_devices "volumeDevices" default,
    liveness_probe "livenessProbe" default,
    readiness_probe "readinessProbe" default,
    startup_probe "startupProbe" default,
    lifecycle "lifecycle" default,
    termination_message_path "terminationMessagePath" default,
    termination_message_policy "terminationMessagePolicy" default,
    image_pull_policy "imagePullPolicy" default,
    security_context "securityContext" default,
    stdin "stdin" default,
    stdin_once "stdinOnce" default,
    tty "tty" default,
]);
decode_struct!(ContainerPort, deny, [
    name "name" default,
    host_port "hostPort" default,
    container_port "containerPort" default,
    protocol "protocol" default,
    host_ip "hostIp" default,
]);
decode_struct!(EnvVar, deny, [
    name "name" required,
    value "value" default,
    value_from "valueFrom" default,
]);
decode_struct!(VolumeMount, deny, [
    name "name" required,
    mount_path "mountPath" default,
    read_only "readOnly" default,
    sub_path "subPath" default,
    sub_path_expr "subPathExpr" default,
    mount_propagation "mountPropagation" default,
    recursive_read_only "recursiveReadOnly" default,
]);
decode_struct!(Probe, deny, [
    exec "exec" default,
    http_get "httpGet" default,
    tcp_socket "tcpSocket" default,
    grpc "grpc" default,
    initial_delay_seconds "initialDelaySeconds" default,
    timeout_seconds "timeoutSeconds" default,
    period_seconds "periodSeconds" default,
    success_threshold "successThreshold" default,
    failure_threshold "failureThreshold" default,
    termination_grace_period_seconds "terminationGracePeriodSeconds" default,
]);
decode_struct!(HttpGetAction, deny, [
    path "path" default,
    port "port" required,
    host "host" default,
    scheme "scheme" default,
    http_headers "httpHeaders" default,
]);
decode_struct!(Volume, rest other_sources, [
    name "name" required,
    persistent_volume_claim "persistentVolumeClaim" default,
]);
decode_struct!(PvcVolumeSource, deny, [
    claim_name "claimName" required,
    read_only "readOnly" default,
]);
decode_struct!(Toleration, deny, [
    key "key" default,
    operator "operator" default,
    value "value" default,
    effect "effect" default,
    toleration_seconds "tolerationSeconds" default,
]);
decode_struct!(PodStatus, deny, [
    phase "phase" default,
    conditions "conditions" default,
    message "message" default,
    reason "reason" default,
    host_ip "hostIp" default,
    pod_ip "podIp" default,
    start_time "startTime" default,
    init_container_statuses "initContainerStatuses" default,
    container_statuses "containerStatuses" default,
    qos_class "qosClass" default,
]);
decode_struct!(PodCondition, deny, [
    type_ "type" required,
    status "status" required,
    last_probe_time "lastProbeTime" default,
    last_transition_time "lastTransitionTime" default,
    reason "reason" default,
    message "message" default,
]);
decode_struct!(ContainerStatus, deny, [
    name "name" required,
    state "state" default,
    last_state "lastState" default,
    ready "ready" required,
    restart_count "restartCount" required,
    image "image" default,
    image_id "imageId" default,
    container_id "containerId" default,
    started "started" default,
]);
decode_struct!(ContainerState, deny, [
    waiting "waiting" default,
    running "running" default,
    terminated "terminated" default,
]);
decode_struct!(StateWaiting, deny, [
    reason "reason" default,
    message "message" default,
]);
decode_struct!(StateRunning, deny, [
    started_at "startedAt" default,
]);
decode_struct!(StateTerminated, deny, [
    exit_code "exitCode" required,
    signal "signal" default,
    reason "reason" default,
    message "message" default,
    started_at "startedAt" default,
    finished_at "finishedAt" default,
    container_id "containerId" default,
]);
decode_struct!(Service, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(ServiceSpec, deny, [
    ports "ports" default,
    selector "selector" default,
    cluster_ip "clusterIP" default,
    cluster_ips "clusterIPs" default,
    type_ "type" default,
    external_ips "externalIPs" default,
    session_affinity "sessionAffinity" default,
    external_name "externalName" default,
    publish_not_ready_addresses "publishNotReadyAddresses" default,
    ip_families "ipFamilies" default,
    ip_family_policy "ipFamilyPolicy" default,
    internal_traffic_policy "internalTrafficPolicy" default,
    external_traffic_policy "externalTrafficPolicy" default,
    load_balancer_ip "loadBalancerIp" default,
    load_balancer_source_ranges "loadBalancerSourceRanges" default,
    session_affinity_config "sessionAffinityConfig" default,
    health_check_node_port "healthCheckNodePort" default,
    allocate_load_balancer_node_ports "allocateLoadBalancerNodePorts" default,
    load_balancer_class "loadBalancerClass" default,
    traffic_distribution "trafficDistribution" default,
]);
decode_struct!(ServicePort, deny, [
    name "name" default,
    protocol "protocol" default,
    app_protocol "appProtocol" default,
    port "port" required,
    target_port "targetPort" default,
    node_port "nodePort" default,
]);
decode_struct!(Endpoints, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    subsets "subsets" default,
]);
decode_struct!(EndpointSubset, deny, [
    addresses "addresses" default,
    not_ready_addresses "notReadyAddresses" default,
    ports "ports" default,
]);
decode_struct!(EndpointAddress, deny, [
    ip "ip" required,
    hostname "hostname" default,
    node_name "nodeName" default,
    target_ref "targetRef" default,
]);
decode_struct!(EndpointPort, deny, [
    name "name" default,
    port "port" required,
    protocol "protocol" default,
]);
decode_struct!(PersistentVolumeClaim, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(PvcSpec, deny, [
    access_modes "accessModes" default,
    selector "selector" default,
    resources "resources" default,
    volume_name "volumeName" default,
    storage_class_name "storageClassName" default,
    volume_mode "volumeMode" default,
    data_source "dataSource" default,
    data_source_ref "dataSourceRef" default,
    volume_attributes_class_name "volumeAttributesClassName" default,
]);
decode_struct!(ResourceRequirements, deny, [
    requests "requests" default,
    limits "limits" default,
]);
decode_struct!(PvcStatus, deny, [
    phase "phase" default,
    access_modes "accessModes" default,
    capacity "capacity" default,
]);
decode_struct!(PersistentVolume, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    spec "spec" default,
    status "status" default,
]);
decode_struct!(PvSpec, deny, [
    capacity "capacity" default,
    access_modes "accessModes" default,
    claim_ref "claimRef" default,
    persistent_volume_reclaim_policy "persistentVolumeReclaimPolicy" default,
    storage_class_name "storageClassName" default,
    volume_mode "volumeMode" default,
    host_path "hostPath" default,
    node_affinity "nodeAffinity" default,
]);
decode_struct!(PvStatus, deny, [
    phase "phase" default,
]);
decode_struct!(ObjectReference, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    namespace "namespace" default,
    name "name" default,
    uid "uid" default,
    resource_version "resourceVersion" default,
    field_path "fieldPath" default,
]);
decode_struct!(StorageClass, deny, [
    api_version "apiVersion" default,
    kind "kind" default,
    metadata "metadata" default,
    provisioner "provisioner" default,
    reclaim_policy "reclaimPolicy" default,
    volume_binding_mode "volumeBindingMode" default,
    allow_volume_expansion "allowVolumeExpansion" default,
    parameters "parameters" default,
    mount_options "mountOptions" default,
]);
