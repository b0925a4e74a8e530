# Sourced by scripts that make images from a root file system (scripts/conformance, scripts/demo-images).
#
# image_tar ROOTFS OUT CONFIG_JSON TAG...: a docker-save archive with one layer (what 'jminikube image load' takes).
image_tar() {
  local rootfs=$1 out=$2 config=$3; shift 3
  local t; t=$(mktemp -d)
  tar --numeric-owner --sort=name -C "$rootfs" -cf "$t/layer.tar" .
  local diff; diff=$(sha256sum "$t/layer.tar" | cut -d' ' -f1)
  mkdir "$t/$diff"; mv "$t/layer.tar" "$t/$diff/layer.tar"
  printf '{"architecture":"amd64","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$config" "$diff" > "$t/config.json"
  local cfg; cfg=$(sha256sum "$t/config.json" | cut -d' ' -f1)
  mv "$t/config.json" "$t/$cfg.json"
  local tags; tags=$(printf '"%s",' "$@"); tags=${tags%,}
  printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar"]}]' "$cfg" "$tags" "$diff" > "$t/manifest.json"
  tar -C "$t" -cf "$out.tmp" manifest.json "$cfg.json" "$diff/layer.tar"
  mv "$out.tmp" "$out"
  rm -rf "$t"
}
