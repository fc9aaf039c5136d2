#!/usr/bin/env bash
# aksemu aks get-credentials merges the cluster into a kubeconfig the way az 2.45 does:
# clusters/users/contexts merged by name, current-context set, the admin context renamed
# NAME-admin, "Merged ... as current context in FILE" on stderr, PyYAML's layout, conflicts
# refused unless --overwrite-existing; --file -, $KUBECONFIG and ~/.kube/config as az picks them.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon
A="$AKSEMU"
RG=credRG CL=credAKS

run 0 "$A" group create -n $RG -l eastus -o none
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys -o none --only-show-errors

KC="$T/kubeconfig"
cat >"$KC" <<'EOF'
apiVersion: v1
kind: Config
# written by hand, as users do
clusters:
- name: other
  cluster:
    server: https://other.example:6443
    certificate-authority-data: QUJD
contexts:
- name: other
  context: {cluster: other, user: other-user, namespace: dev}
current-context: other
preferences: {}
users:
- name: other-user
  user:
    token: "12345"
    exec:
      command: kubelogin
      args: ["get-token", "--server-id", "abc def"]
EOF
chmod 600 "$KC"

log "merge into an existing kubeconfig"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC"
assert_eq "$ERR" "WARNING: Merged \"$CL\" as current context in $KC" "stderr message"
assert_eq "$OUT" "" "nothing on stdout"
TEXT="$(cat "$KC")"
assert_contains "$TEXT" "current-context: $CL" "current-context set"
assert_contains "$TEXT" "server: https://other.example:6443" "the other cluster kept"
assert_contains "$TEXT" "  name: other
- cluster:" "clusters merged into one list"
assert_contains "$TEXT" "    token: '12345'" "a string that looks like a number stays quoted, as PyYAML writes it"
assert_contains "$TEXT" "    exec:
      args:
      - get-token
      - --server-id
      - abc def
      command: kubelogin" "the other user's exec block, re-emitted block style with sorted keys"
assert_contains "$TEXT" "- name: clusterUser_${RG}_${CL}" "our user added"
assert_contains "$TEXT" "    namespace: dev" "the other context kept"
assert_eq "$(head -1 "$KC")" "apiVersion: v1" "keys sorted at the top level"
grep -q "^# written by hand" "$KC" && fail "PyYAML does not keep comments, nor do we"
SERVER="$(grep -o "server: https://127.0.0.1:[0-9]*/k8s/[0-9a-z]*" "$KC" | head -1)"
[ -n "$SERVER" ] || fail "the cluster entry points at the daemon's Kubernetes API"
if command -v kubectl >/dev/null; then
  run 0 kubectl --kubeconfig "$KC" config get-contexts -o name
  assert_eq "$(sort <<<"$OUT" | tr '\n' ' ')" "$CL other " "kubectl reads the merged file"
  run 0 kubectl --kubeconfig "$KC" get nodes -o name
  assert_contains "$OUT" "node/aks-nodepool1-" "kubectl talks to the cluster with the merged credentials"
fi

log "the same credentials again: identical entries are replaced silently"
cp "$KC" "$T/before"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC"
cmp -s "$KC" "$T/before" || fail "re-merging identical credentials must not change the file"

log "--admin: the context becomes NAME-admin"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC" --admin
assert_eq "$ERR" "WARNING: Merged \"$CL-admin\" as current context in $KC" "admin message"
assert_contains "$(cat "$KC")" "  name: $CL-admin" "admin context"
assert_contains "$(cat "$KC")" "- name: clusterAdmin_${RG}_${CL}" "admin user"
assert_contains "$(cat "$KC")" "current-context: $CL-admin" "admin is current"

log "--context renames the context and the cluster"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC" --context mine
assert_eq "$ERR" "WARNING: Merged \"mine\" as current context in $KC" "context message"
assert_contains "$(cat "$KC")" "    cluster: mine" "context points at the renamed cluster"

log "a different object with the same name is refused, unless --overwrite-existing"
sed -i "s/^    token: \([0-9a-f]\)/    token: x\1/" "$KC"
cp "$KC" "$T/before"
run 1 "$A" aks get-credentials -g $RG -n $CL --file "$KC"
assert_eq "$ERR" "ERROR: A different object named clusterUser_${RG}_${CL} already exists in users in your kubeconfig file." "conflict"
cmp -s "$KC" "$T/before" || fail "a refused merge must leave the file alone"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC" --overwrite-existing
grep -q "token: x" "$KC" && grep -A3 "name: clusterUser_${RG}_${CL}" "$KC" | grep -q "token: x" && fail "--overwrite-existing replaces the user"

log "--file - prints the kubeconfig"
run 0 "$A" aks get-credentials -g $RG -n $CL --file -
assert_contains "$OUT" "current-context: $CL" "YAML on stdout"
assert_contains "$OUT" "user: clusterUser_${RG}_${CL}" "user credentials"
assert_eq "$ERR" "" "no merge message"

log "the default file: \$KUBECONFIG's first entry, else ~/.kube/config"
run 0 env KUBECONFIG="$T/first.yaml:$T/second.yaml" "$A" aks get-credentials -g $RG -n $CL
assert_eq "$ERR" "WARNING: Merged \"$CL\" as current context in $T/first.yaml" "KUBECONFIG's first entry"
[ -e "$T/second.yaml" ] && fail "only the first KUBECONFIG entry is written"
run 0 env -u KUBECONFIG "$A" aks get-credentials -g $RG -n $CL
assert_eq "$ERR" "WARNING: Merged \"$CL\" as current context in $HOME/.kube/config" "~/.kube/config"
assert_eq "$(stat -c %a "$HOME/.kube/config")" 600 "created readable by its owner only"

log "a world-readable kubeconfig is merged with az's warning"
chmod 644 "$KC"
run 0 "$A" aks get-credentials -g $RG -n $CL --file "$KC" --overwrite-existing
assert_contains "$ERR" "WARNING: $KC has permissions \"644\".
It should be readable and writable only by its owner." "permissions warning"

log "a kubeconfig that is not YAML is not overwritten"
printf 'clusters: [unclosed\n' >"$T/bad.yaml"
run 1 "$A" aks get-credentials -g $RG -n $CL --file "$T/bad.yaml"
assert_contains "$ERR" "Error parsing $T/bad.yaml" "parse error"
assert_eq "$(cat "$T/bad.yaml")" "clusters: [unclosed" "file untouched"

stop_daemon
pass
