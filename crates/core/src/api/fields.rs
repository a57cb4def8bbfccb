//! The JSON fields of every API type, each declared once: its Rust field, its wire name as the
//! Kubernetes API spells it, whether it may be absent when read (`default`) or must be there
//! (`required`), and whether an empty value is left out when written (`omitempty`, as the Go
//! types' `json:",omitempty"`) or always written (`always`). Reading ([`Decode`]), writing
//! ([`Encode`]) and the field lists of error messages all follow from this one table, and a
//! field of a struct that is missing here does not compile.
//!
//! The wire names are checked against the outside world, not against a second copy of ours:
//! `tests/oracle.rs` round-trips every example through the official generated types
//! (k8s-openapi), and the strict-schema oracle (`cargo xtask oracles`) validates every object
//! the simulator prints against upstream's strict JSON schemas.
//!
//! [`Decode`]: super::decode::Decode
//! [`Encode`]: super::encode::Encode

use super::*;

/// `api_fields!(Type, deny|rest FIELD, [field "wireName" default|required always|omitempty, …]
/// [, empty PATH])`: `deny` refuses unknown fields, `rest FIELD` keeps them in a JSON map that
/// is written back; `empty` names the function that says when the whole value is empty.
#[macro_export]
macro_rules! api_fields {
    ($ty:ident, deny, [$($field:ident $name:literal $presence:ident $mode:ident),* $(,)?] $(, empty $empty:path)?) => {
        $crate::decode_struct!($ty, deny, [$($field $name $presence),*]);
        $crate::encode_struct!($ty, [$($field $name $mode),*] $(, empty $empty)?);
        const _: fn(&$ty) = |value| {
            // Every field of the struct is declared above.
            let $ty { $($field: _),* } = value;
        };
    };
    ($ty:ident, rest $rest:ident, [$($field:ident $name:literal $presence:ident $mode:ident),* $(,)?]) => {
        $crate::decode_struct!($ty, rest $rest, [$($field $name $presence),*]);
        $crate::encode_struct!($ty, [$($field $name $mode),*], rest $rest);
        const _: fn(&$ty) = |value| {
            let $ty { $($field: _,)* $rest: _ } = value;
        };
    };
}

api_fields!(StatefulSet, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(StatefulSetSpec, deny, [
    replicas "replicas"                                                             default omitempty,
    selector "selector"                                                             default omitempty,
    template "template"                                                             default always,
    volume_claim_templates "volumeClaimTemplates"                                   default omitempty,
    service_name "serviceName"                                                      default omitempty,
    pod_management_policy "podManagementPolicy"                                     default omitempty,
    update_strategy "updateStrategy"                                                default omitempty,
    revision_history_limit "revisionHistoryLimit"                                   default omitempty,
    min_ready_seconds "minReadySeconds"                                             default omitempty,
    persistent_volume_claim_retention_policy "persistentVolumeClaimRetentionPolicy" default omitempty,
    ordinals "ordinals"                                                             default omitempty,
]);

api_fields!(StatefulSetUpdateStrategy, deny, [
    type_ "type"                   default omitempty,
    rolling_update "rollingUpdate" default omitempty,
]);

api_fields!(RollingUpdateStatefulSetStrategy, deny, [
    partition "partition"            default omitempty,
    max_unavailable "maxUnavailable" default omitempty,
]);

api_fields!(RetentionPolicy, deny, [
    when_deleted "whenDeleted" default omitempty,
    when_scaled "whenScaled"   default omitempty,
]);

api_fields!(StatefulSetOrdinals, deny, [
    start "start" default always,
]);

api_fields!(StatefulSetStatus, deny, [
    observed_generation "observedGeneration" default omitempty,
    replicas "replicas"                      default always,
    ready_replicas "readyReplicas"           default omitempty,
    current_replicas "currentReplicas"       default omitempty,
    updated_replicas "updatedReplicas"       default omitempty,
    available_replicas "availableReplicas"   default omitempty,
    current_revision "currentRevision"       default omitempty,
    update_revision "updateRevision"         default omitempty,
    collision_count "collisionCount"         default omitempty,
    conditions "conditions"                  default omitempty,
]);

api_fields!(ControllerRevision, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    data "data"              default always,
    revision "revision"      required always,
]);

api_fields!(ObjectMeta, deny, [
    name "name"                                                default omitempty,
    generate_name "generateName"                               default omitempty,
    namespace "namespace"                                      default omitempty,
    uid "uid"                                                  default omitempty,
    resource_version "resourceVersion"                         default omitempty,
    generation "generation"                                    default omitempty,
    creation_timestamp "creationTimestamp"                     default omitempty,
    deletion_timestamp "deletionTimestamp"                     default omitempty,
    deletion_grace_period_seconds "deletionGracePeriodSeconds" default omitempty,
    labels "labels"                                            default omitempty,
    annotations "annotations"                                  default omitempty,
    owner_references "ownerReferences"                         default omitempty,
    finalizers "finalizers"                                    default omitempty,
    managed_fields "managedFields"                             default omitempty,
]);

api_fields!(OwnerReference, deny, [
    api_version "apiVersion"                  required always,
    kind "kind"                               required always,
    name "name"                               required always,
    uid "uid"                                 required always,
    controller "controller"                   default omitempty,
    block_owner_deletion "blockOwnerDeletion" default omitempty,
]);

api_fields!(LabelSelector, deny, [
    match_labels "matchLabels"           default omitempty,
    match_expressions "matchExpressions" default omitempty,
]);

api_fields!(LabelSelectorRequirement, deny, [
    key "key"           default always,
    operator "operator" default always,
    values "values"     default omitempty,
]);

api_fields!(Node, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(NodeSpec, deny, [
    pod_cidr "podCIDR"            default omitempty,
    pod_cidrs "podCIDRs"          default omitempty,
    unschedulable "unschedulable" default omitempty,
    taints "taints"               default omitempty,
]);

api_fields!(Taint, deny, [
    key "key"              required always,
    value "value"          default omitempty,
    effect "effect"        required always,
    time_added "timeAdded" default omitempty,
]);

api_fields!(NodeStatus, deny, [
    capacity "capacity"                 default omitempty,
    allocatable "allocatable"           default omitempty,
    conditions "conditions"             default omitempty,
    addresses "addresses"               default omitempty,
    daemon_endpoints "daemonEndpoints"  default omitempty,
    node_info "nodeInfo"                default omitempty,
]);

api_fields!(NodeCondition, deny, [
    type_ "type"                              required always,
    status "status"                           required always,
    last_heartbeat_time "lastHeartbeatTime"   default omitempty,
    last_transition_time "lastTransitionTime" default omitempty,
    reason "reason"                           default omitempty,
    message "message"                         default omitempty,
]);

api_fields!(NodeAddress, deny, [
    type_ "type"      required always,
    address "address" required always,
]);

api_fields!(Event, deny, [
    api_version "apiVersion"                 default always,
    kind "kind"                              default always,
    metadata "metadata"                      default always,
    involved_object "involvedObject"         required always,
    reason "reason"                          default always,
    message "message"                        default always,
    source "source"                          default always,
    first_timestamp "firstTimestamp"         default omitempty,
    last_timestamp "lastTimestamp"           default omitempty,
    count "count"                            default always,
    type_ "type"                             default always,
    event_time "eventTime"                   default omitempty,
    reporting_component "reportingComponent" default omitempty,
    reporting_instance "reportingInstance"   default omitempty,
]);

api_fields!(EventSource, deny, [
    component "component" default omitempty,
    host "host"           default omitempty,
]);

api_fields!(GenericObject, rest rest, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
]);

api_fields!(Pod, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(PodTemplateSpec, deny, [
    metadata "metadata" default always,
    spec "spec"         default always,
]);

api_fields!(PodSpec, deny, [
    init_containers "initContainers"                                 default omitempty,
    containers "containers"                                          default always,
    volumes "volumes"                                                default omitempty,
    restart_policy "restartPolicy"                                   default omitempty,
    termination_grace_period_seconds "terminationGracePeriodSeconds" default omitempty,
    active_deadline_seconds "activeDeadlineSeconds"                  default omitempty,
    dns_policy "dnsPolicy"                                           default omitempty,
    node_selector "nodeSelector"                                     default omitempty,
    service_account_name "serviceAccountName"                        default omitempty,
    service_account "serviceAccount"                                 default omitempty,
    automount_service_account_token "automountServiceAccountToken"   default omitempty,
    node_name "nodeName"                                             default omitempty,
    host_network "hostNetwork"                                       default omitempty,
    host_pid "hostPID"                                               default omitempty,
    host_ipc "hostIPC"                                               default omitempty,
    share_process_namespace "shareProcessNamespace"                  default omitempty,
    security_context "securityContext"                               default omitempty,
    image_pull_secrets "imagePullSecrets"                            default omitempty,
    hostname "hostname"                                              default omitempty,
    subdomain "subdomain"                                            default omitempty,
    affinity "affinity"                                              default omitempty,
    scheduler_name "schedulerName"                                   default omitempty,
    tolerations "tolerations"                                        default omitempty,
    host_aliases "hostAliases"                                       default omitempty,
    priority_class_name "priorityClassName"                          default omitempty,
    priority "priority"                                              default omitempty,
    dns_config "dnsConfig"                                           default omitempty,
    readiness_gates "readinessGates"                                 default omitempty,
    runtime_class_name "runtimeClassName"                            default omitempty,
    enable_service_links "enableServiceLinks"                        default omitempty,
    preemption_policy "preemptionPolicy"                             default omitempty,
    overhead "overhead"                                              default omitempty,
    topology_spread_constraints "topologySpreadConstraints"          default omitempty,
    set_hostname_as_fqdn "setHostnameAsFQDN"                         default omitempty,
    os "os"                                                          default omitempty,
    host_users "hostUsers"                                           default omitempty,
    scheduling_gates "schedulingGates"                               default omitempty,
    resource_claims "resourceClaims"                                 default omitempty,
    resources "resources"                                            default omitempty,
]);

api_fields!(Container, deny, [
    name "name"                                           default always,
    image "image"                                         default omitempty,
    command "command"                                     default omitempty,
    args "args"                                           default omitempty,
    working_dir "workingDir"                              default omitempty,
    ports "ports"                                         default omitempty,
    env_from "envFrom"                                    default omitempty,
    env "env"                                             default omitempty,
    resources "resources"                                 default omitempty,
    resize_policy "resizePolicy"                          default omitempty,
    restart_policy "restartPolicy"                        default omitempty,
    volume_mounts "volumeMounts"                          default omitempty,
    volume_devices "volumeDevices"                        default omitempty,
    liveness_probe "livenessProbe"                        default omitempty,
    readiness_probe "readinessProbe"                      default omitempty,
    startup_probe "startupProbe"                          default omitempty,
    lifecycle "lifecycle"                                 default omitempty,
    termination_message_path "terminationMessagePath"     default omitempty,
    termination_message_policy "terminationMessagePolicy" default omitempty,
    image_pull_policy "imagePullPolicy"                   default omitempty,
    security_context "securityContext"                    default omitempty,
    stdin "stdin"                                         default omitempty,
    stdin_once "stdinOnce"                                default omitempty,
    tty "tty"                                             default omitempty,
]);

api_fields!(ContainerPort, deny, [
    name "name"                    default omitempty,
    host_port "hostPort"           default omitempty,
    container_port "containerPort" default always,
    protocol "protocol"            default omitempty,
    host_ip "hostIP"               default omitempty,
]);

api_fields!(EnvVar, deny, [
    name "name"            required always,
    value "value"          default omitempty,
    value_from "valueFrom" default omitempty,
]);

api_fields!(VolumeMount, deny, [
    name "name"                             required always,
    mount_path "mountPath"                  default always,
    read_only "readOnly"                    default omitempty,
    sub_path "subPath"                      default omitempty,
    sub_path_expr "subPathExpr"             default omitempty,
    mount_propagation "mountPropagation"    default omitempty,
    recursive_read_only "recursiveReadOnly" default omitempty,
]);

api_fields!(Probe, deny, [
    exec "exec"                                                      default omitempty,
    http_get "httpGet"                                               default omitempty,
    tcp_socket "tcpSocket"                                           default omitempty,
    grpc "grpc"                                                      default omitempty,
    initial_delay_seconds "initialDelaySeconds"                      default omitempty,
    timeout_seconds "timeoutSeconds"                                 default omitempty,
    period_seconds "periodSeconds"                                   default omitempty,
    success_threshold "successThreshold"                             default omitempty,
    failure_threshold "failureThreshold"                             default omitempty,
    termination_grace_period_seconds "terminationGracePeriodSeconds" default omitempty,
]);

api_fields!(HttpGetAction, deny, [
    path "path"                default omitempty,
    port "port"                required always,
    host "host"                default omitempty,
    scheme "scheme"            default omitempty,
    http_headers "httpHeaders" default omitempty,
]);

api_fields!(Volume, rest other_sources, [
    name "name"                                     required always,
    persistent_volume_claim "persistentVolumeClaim" default omitempty,
]);

api_fields!(PvcVolumeSource, deny, [
    claim_name "claimName" required always,
    read_only "readOnly"   default omitempty,
]);

api_fields!(Toleration, deny, [
    key "key"                              default omitempty,
    operator "operator"                    default omitempty,
    value "value"                          default omitempty,
    effect "effect"                        default omitempty,
    toleration_seconds "tolerationSeconds" default omitempty,
]);

api_fields!(PodStatus, deny, [
    phase "phase"                                   default omitempty,
    conditions "conditions"                         default omitempty,
    message "message"                               default omitempty,
    reason "reason"                                 default omitempty,
    host_ip "hostIP"                                default omitempty,
    host_ips "hostIPs"                              default omitempty,
    pod_ip "podIP"                                  default omitempty,
    pod_ips "podIPs"                                default omitempty,
    start_time "startTime"                          default omitempty,
    init_container_statuses "initContainerStatuses" default omitempty,
    container_statuses "containerStatuses"          default omitempty,
    qos_class "qosClass"                            default omitempty,
    observed_generation "observedGeneration"        default omitempty,
]);

api_fields!(PodIP, deny, [
    ip "ip" required always,
]);

api_fields!(HostIP, deny, [
    ip "ip" required always,
]);

api_fields!(PodCondition, deny, [
    type_ "type"                              required always,
    status "status"                           required always,
    observed_generation "observedGeneration"  default omitempty,
    last_probe_time "lastProbeTime"           default always,
    last_transition_time "lastTransitionTime" default omitempty,
    reason "reason"                           default omitempty,
    message "message"                         default omitempty,
]);

api_fields!(ContainerStatus, deny, [
    name "name"                  required always,
    state "state"                default always,
    last_state "lastState"       default always,
    ready "ready"                required always,
    restart_count "restartCount" required always,
    image "image"                default always,
    image_id "imageID"           default always,
    container_id "containerID"   default omitempty,
    started "started"            default omitempty,
    resources "resources"        default omitempty,
    volume_mounts "volumeMounts" default omitempty,
]);

api_fields!(VolumeMountStatus, deny, [
    name "name"                             required always,
    mount_path "mountPath"                  required always,
    read_only "readOnly"                    default omitempty,
    recursive_read_only "recursiveReadOnly" default omitempty,
]);

api_fields!(ContainerState, deny, [
    waiting "waiting"       default omitempty,
    running "running"       default omitempty,
    terminated "terminated" default omitempty,
], empty ContainerState::is_empty);
api_fields!(StateWaiting, deny, [
    reason "reason"   default omitempty,
    message "message" default omitempty,
]);

api_fields!(StateRunning, deny, [
    started_at "startedAt" default omitempty,
]);

api_fields!(StateTerminated, deny, [
    exit_code "exitCode"       required always,
    signal "signal"            default omitempty,
    reason "reason"            default omitempty,
    message "message"          default omitempty,
    started_at "startedAt"     default omitempty,
    finished_at "finishedAt"   default omitempty,
    container_id "containerID" default omitempty,
]);

api_fields!(Service, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(ServiceSpec, deny, [
    ports "ports"                                                     default omitempty,
    selector "selector"                                               default omitempty,
    cluster_ip "clusterIP"                                            default omitempty,
    cluster_ips "clusterIPs"                                          default omitempty,
    type_ "type"                                                      default omitempty,
    external_ips "externalIPs"                                        default omitempty,
    session_affinity "sessionAffinity"                                default omitempty,
    external_name "externalName"                                      default omitempty,
    publish_not_ready_addresses "publishNotReadyAddresses"            default omitempty,
    ip_families "ipFamilies"                                          default omitempty,
    ip_family_policy "ipFamilyPolicy"                                 default omitempty,
    internal_traffic_policy "internalTrafficPolicy"                   default omitempty,
    external_traffic_policy "externalTrafficPolicy"                   default omitempty,
    load_balancer_ip "loadBalancerIP"                                 default omitempty,
    load_balancer_source_ranges "loadBalancerSourceRanges"            default omitempty,
    session_affinity_config "sessionAffinityConfig"                   default omitempty,
    health_check_node_port "healthCheckNodePort"                      default omitempty,
    allocate_load_balancer_node_ports "allocateLoadBalancerNodePorts" default omitempty,
    load_balancer_class "loadBalancerClass"                           default omitempty,
    traffic_distribution "trafficDistribution"                        default omitempty,
]);

api_fields!(ServicePort, deny, [
    name "name"                default omitempty,
    protocol "protocol"        default omitempty,
    app_protocol "appProtocol" default omitempty,
    port "port"                required always,
    target_port "targetPort"   default omitempty,
    node_port "nodePort"       default omitempty,
]);

api_fields!(Endpoints, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    subsets "subsets"        default omitempty,
]);

api_fields!(EndpointSubset, deny, [
    addresses "addresses"                   default omitempty,
    not_ready_addresses "notReadyAddresses" default omitempty,
    ports "ports"                           default omitempty,
]);

api_fields!(EndpointAddress, deny, [
    ip "ip"                required always,
    hostname "hostname"    default omitempty,
    node_name "nodeName"   default omitempty,
    target_ref "targetRef" default omitempty,
]);

api_fields!(EndpointPort, deny, [
    name "name"         default omitempty,
    port "port"         required always,
    protocol "protocol" default omitempty,
]);

api_fields!(EndpointSlice, deny, [
    api_version "apiVersion"   default always,
    kind "kind"                default always,
    metadata "metadata"        default always,
    address_type "addressType" required always,
    endpoints "endpoints"      default always,
    ports "ports"              default omitempty,
]);

api_fields!(SliceEndpoint, deny, [
    addresses "addresses"  required always,
    conditions "conditions" default always,
    hostname "hostname"    default omitempty,
    node_name "nodeName"   default omitempty,
    target_ref "targetRef" default omitempty,
    zone "zone"            default omitempty,
]);

api_fields!(EndpointConditions, deny, [
    ready "ready"             default omitempty,
    serving "serving"         default omitempty,
    terminating "terminating" default omitempty,
]);

api_fields!(SlicePort, deny, [
    name "name"                default omitempty,
    port "port"                default omitempty,
    protocol "protocol"        default omitempty,
    app_protocol "appProtocol" default omitempty,
]);

api_fields!(PersistentVolumeClaim, deny, [
    api_version "apiVersion" default omitempty,
    kind "kind"              default omitempty,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(PvcSpec, deny, [
    access_modes "accessModes"                               default omitempty,
    selector "selector"                                      default omitempty,
    resources "resources"                                    default omitempty,
    volume_name "volumeName"                                 default omitempty,
    storage_class_name "storageClassName"                    default omitempty,
    volume_mode "volumeMode"                                 default omitempty,
    data_source "dataSource"                                 default omitempty,
    data_source_ref "dataSourceRef"                          default omitempty,
    volume_attributes_class_name "volumeAttributesClassName" default omitempty,
]);

api_fields!(ResourceRequirements, deny, [
    requests "requests" default omitempty,
    limits "limits"     default omitempty,
]);

api_fields!(PvcStatus, deny, [
    phase "phase"              default omitempty,
    access_modes "accessModes" default omitempty,
    capacity "capacity"        default omitempty,
]);

api_fields!(PersistentVolume, deny, [
    api_version "apiVersion" default always,
    kind "kind"              default always,
    metadata "metadata"      default always,
    spec "spec"              default always,
    status "status"          default always,
]);

api_fields!(PvSpec, deny, [
    capacity "capacity"                                              default omitempty,
    access_modes "accessModes"                                       default omitempty,
    claim_ref "claimRef"                                             default omitempty,
    persistent_volume_reclaim_policy "persistentVolumeReclaimPolicy" default omitempty,
    storage_class_name "storageClassName"                            default omitempty,
    volume_mode "volumeMode"                                         default omitempty,
    host_path "hostPath"                                             default omitempty,
    node_affinity "nodeAffinity"                                     default omitempty,
]);

api_fields!(PvStatus, deny, [
    phase "phase" default omitempty,
]);

api_fields!(ObjectReference, deny, [
    api_version "apiVersion"           default omitempty,
    kind "kind"                        default omitempty,
    namespace "namespace"              default omitempty,
    name "name"                        default omitempty,
    uid "uid"                          default omitempty,
    resource_version "resourceVersion" default omitempty,
    field_path "fieldPath"             default omitempty,
]);

api_fields!(StorageClass, deny, [
    api_version "apiVersion"                      default always,
    kind "kind"                                   default always,
    metadata "metadata"                           default always,
    provisioner "provisioner"                     default always,
    reclaim_policy "reclaimPolicy"                default omitempty,
    volume_binding_mode "volumeBindingMode"       default omitempty,
    allow_volume_expansion "allowVolumeExpansion" default omitempty,
    parameters "parameters"                       default omitempty,
    mount_options "mountOptions"                  default omitempty,
]);
