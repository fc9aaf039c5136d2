#!/usr/bin/env bash
# Run command through the real az: `az vmss run-command invoke` runs a script in the node's own
# sandbox (its provisioning log, hostname, df of its disk model, files kept between runs),
# `az aks command invoke` runs kubectl in a command-<id> pod of namespace aks-command, and
# the errors Azure gives for deallocated instances and unknown command ids.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 60 --run-timeout-ms 4000
setup_az
RG=rcRG CL=rcAKS
NRG="MC_${RG}_${CL}_eastus"
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n work --node-count 2 --node-osdisk-size 64 -o none
setup_kubectl $RG $CL
VMSS="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='work'].name" -o tsv)"
[ -n "$VMSS" ] || fail "no scale set for pool work"
NODE0="${VMSS}000000"

log "az vmss run-command invoke: the node's provisioning log"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "cat /var/log/cloud-init-output.log" --query "value[0].message" -o tsv
assert_contains "$OUT" "Enable succeeded: " "RunCommandLinux's message"
assert_contains "$OUT" "[stdout]" "the stdout section"
assert_contains "$OUT" "running 'modules:final'" "cloud-init's stage banners"
assert_contains "$OUT" "Datasource DataSourceAzure" "the finished line"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "hostname" "head -1 /var/log/azure/cluster-provision-cse-output.log" "df -h /" "id -u" \
  --query "value[0].message" -o tsv
assert_contains "$OUT" "$NODE0" "the node's hostname"
assert_contains "$OUT" ",$NODE0" "the CSE log names the node"
assert_contains "$OUT" "/dev/root" "df shows the OS disk"
assert_contains "$OUT" "Mounted on" "in df's format"
grep -qx "0" <<<"$OUT" || fail "scripts run as root: $OUT"

log "df follows the disk model"
used_kb() { az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "df -k /" --query "value[0].message" -o tsv | awk '$NF == "/" {print $3}'; }
U0="$(used_kb)"
[ -n "$U0" ] || fail "df -k / printed no root line"
run 0 "$AKSEMU" fault disk-fill --node "$NODE0" --size-gb 20
export NRG VMSS U0
export -f used_kb
wait_for 30 "df shows the 20 GB more" bash -c '[ $(( $(used_kb) - U0 )) -ge 19000000 ]'
run 0 "$AKSEMU" fault disk-fill --node "$NODE0" --size-gb 0

log "parameters, stderr, exit status not reported, files kept"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 1 \
  --scripts 'echo "p=$1 q=$2 n=$name"; echo oops >&2; echo kept > /root/note; exit 3' --parameters first name=second -o json
assert_eq "$(json 'j["value"][0]["code"]')" "ProvisioningState/succeeded" "a failing script still succeeds"
assert_contains "$(json 'j["value"][0]["message"]')" "p=first q=second n=second" "positional and named parameters"
assert_contains "$(json 'j["value"][0]["message"]')" $'[stderr]\noops' "stderr after [stderr]"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 1 \
  --scripts "cat /root/note; sudo cat /etc/hostname" --query "value[0].message" -o tsv
assert_contains "$OUT" "kept" "a file written by a run is there in the next"
assert_contains "$OUT" "${VMSS}000001" "sudo works (a no-op: scripts run as root)"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "cat /root/note 2>&1 || echo absent" --query "value[0].message" -o tsv
assert_contains "$OUT" "absent" "each node has its own disk"

log "the sandbox: no host files, no network"
MARK="$T/host-secret-$$"
echo "s3cr3t-$$" > "$MARK"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "cat $MARK /proc/1/root$MARK 2>&1; wget -q -T 2 -O - ${AKSEMU_URL}/healthz 2>&1 || echo no-net" \
  --query "value[0].message" -o tsv
assert_not_contains "$OUT" "s3cr3t-$$" "a host file cannot be read"
assert_contains "$OUT" "no-net" "no network connection from a node"

log "contained: 100 MB of output, a command that never ends, a fork bomb, writes outside"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts 'yes | head -c 100000000; echo END' -o json
MSG_LEN="$(json 'len(j["value"][0]["message"])')"
[ "$MSG_LEN" -lt 4200 ] || fail "only the last 4096 bytes of stdout come back, got $MSG_LEN"
assert_contains "$(json 'j["value"][0]["message"]')" $'y\nEND\n' "the tail of the output"
run 1 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts 'while :; do :; done'
assert_contains "$ERR" "VMExtensionProvisioningTimeout" "a command that runs too long is killed and reported"
PROCS0=$(ls -d /proc/[0-9]* | wc -l)
# the bomb either burns out against the process limit (its forks fail) or is still going at
# the run timeout (the namespace is killed): contained either way
RC=0
az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts 'bomb() { bomb | bomb & }; bomb; wait' --query "value[0].message" -o tsv >"$T/bomb.out" 2>"$T/bomb.err" || RC=$?
CHECKS=$((CHECKS + 1))
if [ "$RC" = 0 ]; then
  # it burnt out (its forks failed against the process limit; the messages may or may not
  # reach the last 4096 bytes): the run ended on its own
  assert_contains "$(cat "$T/bomb.out")" "[stderr]" "a fork bomb that burnt out still gives its result"
else
  assert_contains "$(cat "$T/bomb.err")" "VMExtensionProvisioningTimeout" "a fork bomb still going is killed at the timeout"
fi
sleep 1
PROCS1=$(ls -d /proc/[0-9]* | wc -l)
[ "$PROCS1" -lt $((PROCS0 + 20)) ] || fail "fork bomb processes left on the host: $PROCS0 -> $PROCS1"
HOSTFILE="$T/host-file-$$"
echo original > "$HOSTFILE"
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "echo changed > $HOSTFILE; ln -sf $HOSTFILE /var/log/syslog; mkdir -p \$(dirname $HOSTFILE); echo x > $HOSTFILE.new; sleep 600 &" -o none
run 0 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 0 \
  --scripts "head -c 3 /var/log/syslog" --query "value[0].message" -o tsv
assert_eq "$(cat "$HOSTFILE")" original "a host file is not written"
[ ! -e "$HOSTFILE.new" ] || fail "a file appeared on the host"
pgrep -f "sleep 600" >/dev/null && fail "a background process outlived its run"
assert_not_contains "$OUT" "ori" "a planted symlink is not followed to the host"

log "bad requests"
run 3 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunPowerShellScript --instance-id 0 --scripts "dir"
assert_contains "$ERR" "The entity was not found in this Azure location" "unknown command id"
run 0 az aks nodepool add -g $RG --cluster-name $CL -n parked --node-count 1 --scale-down-mode Deallocate -o none
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n parked --node-count 0 -o none
VMSS_P="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='parked'].name" -o tsv)"
run 1 az vmss run-command invoke -g "$NRG" -n "$VMSS_P" --command-id RunShellScript --instance-id 0 --scripts "uptime"
assert_contains "$ERR" "OperationNotAllowed" "a deallocated instance"
assert_contains "$ERR" "The operation requires the VM to be running (or set to run)." "Azure's message"

log "a NotReady node answers with the agent's error, not output"
run 0 "$AKSEMU" fault node-unhealthy --node "${VMSS}000001" --fixed-by none
wait_for 60 "node 1 NotReady" bash -c "kubectl get node ${VMSS}000001 --no-headers | grep -q NotReady"
run 1 az vmss run-command invoke -g "$NRG" -n "$VMSS" --command-id RunShellScript --instance-id 1 --scripts "uptime"
assert_contains "$ERR" "VMAgentStatusCommunicationError" "the VM agent does not report"
assert_contains "$ERR" "has not reported status for VM agent or extensions" "Azure's message"
run 0 "$AKSEMU" fault node-healthy --node "${VMSS}000001"
wait_for 120 "node 1 Ready again" bash -c "kubectl get node ${VMSS}000001 --no-headers | grep -q ' Ready'"

log "the guide's aksemu aks nodepool run"
reboots() { kubectl get events --field-selector involvedObject.name=${VMSS}000001,reason=NodeRebootStart --no-headers 2>/dev/null | wc -l; }
REBOOTS_BEFORE=$(reboots)
run 0 "$AKSEMU" aks nodepool run --resource-group $RG --cluster-name $CL --nodepool-name work \
  --command "sudo cat /var/log/cloud-init-output.log"
assert_contains "$OUT" "[${VMSS}000000]" "a header per node"
assert_contains "$OUT" "[${VMSS}000001]" "every node of the pool"
# node 1 may have been rebooted by auto-repair above: then its log holds a second boot
N0_LOG="$(sed -n "/^\[${VMSS}000000\]/,/^\[${VMSS}000001\]/p" <<<"$OUT")"
N1_LOG="$(sed -n "/^\[${VMSS}000001\]/,\$p" <<<"$OUT")"
assert_eq "$(grep -c 'Datasource DataSourceAzure' <<<"$N0_LOG")" 1 "node 0: one boot in its cloud-init log"
# (a repair reboot may start while the command runs: the log has the boots up to then)
REBOOTS=$(reboots)
BOOTS=$(grep -c 'Datasource DataSourceAzure' <<<"$N1_LOG")
[ "$BOOTS" -ge $((1 + REBOOTS_BEFORE)) ] && [ "$BOOTS" -le $((1 + REBOOTS)) ] ||
  fail "node 1: a boot per auto-repair reboot: $BOOTS boots, $REBOOTS_BEFORE reboots before the run, $REBOOTS after"
CHECKS=$((CHECKS + 1))
run 0 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n work --node "${VMSS}000001" -c 'hostname; echo warn >&2'
assert_eq "$OUT" "${VMSS}000001" "--node: that node's stdout as it is"
assert_eq "$ERR" "warn" "and its stderr"
run 0 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n work --instance-id 0 -c 'uname -n' -o json
assert_eq "$(json 'j[0]["node"]')" "$NODE0" "-o json names the node"
assert_eq "$(json 'repr(j[0]["stdout"])')" "'$NODE0\\n'" "with its stdout"
run 1 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n work --node nosuchnode -c 'true'
assert_contains "$ERR" "has no node nosuchnode" "an unknown node"
run 3 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n nosuchpool -c 'true'
assert_contains "$ERR" "nosuchpool" "an unknown pool"
run 2 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n work
assert_contains "$ERR" "--command" "--command is required"

log "a node whose provisioning failed shows why"
run 0 "$AKSEMU" fault provision-failure -g $RG --cluster-name $CL -n work --count 1
run 1 az aks nodepool scale -g $RG --cluster-name $CL -n work --node-count 3 -o none
assert_contains "$ERR" "vmssCSE exit status=50" "the CSE failure"
run 0 "$AKSEMU" aks nodepool run -g $RG --cluster-name $CL -n work --instance-id 2 \
  -c 'cat /var/log/azure/aks/provision.json; tail -4 /var/log/azure/cluster-provision-cse-output.log; ls /opt/azure/containers/provision.complete'
assert_contains "$OUT" '"ExitCode": "50"' "provision.json has the exit code"
assert_contains "$OUT" "Active: inactive (dead)" "the kubelet never started"
assert_contains "$ERR" "No such file" "no provision.complete"

log "az aks command invoke: kubectl in a command pod"
run 0 az aks command invoke -g $RG -n $CL --command "kubectl get nodes"
assert_contains "$OUT" "with exitcode=0" "az prints the exit code"
assert_contains "$OUT" "$NODE0" "kubectl lists the cluster's nodes"
assert_contains "$OUT" "aks-nodepool1-" "all of them"
run 0 kubectl get pods -n aks-command -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{"\n"}{end}'
assert_contains "$OUT" "command-" "the command ran in a pod of namespace aks-command"
assert_contains "$OUT" "Succeeded aks-" "scheduled on a node and finished"
run 0 az aks command invoke -g $RG -n $CL --command "kubectl get ns nope" -o json
assert_eq "$(json 'j["exitCode"]')" 1 "kubectl's exit code comes back"
assert_contains "$(json 'j["logs"]')" 'namespaces "nope" not found' "with its error"
run 0 kubectl get pods -n aks-command --field-selector=status.phase=Failed --no-headers
assert_eq "$(wc -l <<<"$OUT")" 1 "the failed command's pod is Failed"

assert_no_outbound
stop_daemon
pass
