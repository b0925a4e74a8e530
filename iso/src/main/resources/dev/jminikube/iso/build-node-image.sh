#!/bin/bash
# Builds the jminikube node image: a hybrid (BIOS + UEFI) live ISO from Debian bookworm packages.
#
#   build-node-image.sh OUTPUT.iso WORKDIR IMAGE_VERSION RECIPE_SHA256
#
# The ISO's root is a read-only squashfs (live-boot). On first boot the guest finds a blank data disk
# that starts with a tar whose first member is named MAGIC (below), takes the SSH key from that tar,
# partitions and formats the disk (label jminikube-data) and mounts it for the node's state; later boots
# find it by label. Progress lines start with "==> " so the Java side can show them.
set -euo pipefail

OUT=$1
WORK=$2
IMAGE_VERSION=$3
RECIPE_SHA=$4
SUITE=bookworm
MIRROR=${JMINIKUBE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${JMINIKUBE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
MAGIC='jminikube, please format-me'
# The kernel's arguments, in grub.cfg and in /live/jminikube-cmdline for the QEMU driver's direct
# kernel boot (so the driver never hard-codes them).
CMDLINE='boot=live components=false noeject quiet console=tty0 console=ttyS0,115200n8 net.ifnames=0 systemd.show_status=false'

step() { echo "==> $*"; }

for tool in mmdebstrap mksquashfs grub-mkrescue xorriso mformat; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 3; }
done

ROOT=$WORK/rootfs
ISODIR=$WORK/iso
rm -rf "$ROOT" "$ISODIR"
mkdir -p "$ISODIR/live" "$ISODIR/boot/grub"

PACKAGES=(
  linux-image-amd64 live-boot systemd-sysv udev dbus kmod procps iproute2 iputils-ping
  openssh-server ca-certificates curl
  containerd runc docker.io containernetworking-plugins etcd-server
  # dockerd refuses to start containers when the kernel has AppArmor on but apparmor_parser is missing.
  apparmor
  iptables conntrack socat ethtool ebtables ipset
  e2fsprogs fdisk util-linux mount tar gzip xz-utils zstd
  hyperv-daemons open-vm-tools qemu-guest-agent
)

step "mmdebstrap $SUITE (${#PACKAGES[@]} packages)"
# Docs, man pages, locales are never used on a node: keep them out of the image at unpack time.
mmdebstrap --variant=minbase --mode=root --format=directory \
  --include="$(IFS=,; echo "${PACKAGES[*]}")" \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --customize-hook='chroot "$1" /bin/true' \
  "$SUITE" "$ROOT" \
  "deb $MIRROR $SUITE main" \
  "deb $MIRROR $SUITE-updates main" \
  "deb $SECURITY_MIRROR $SUITE-security main" </dev/null

step "configuring the guest"
KVER=$(ls "$ROOT/lib/modules" | sort -V | tail -n 1)

# Kernel modules a VM node never loads (graphics, sound, radios, exotic buses) make up most of the kernel.
for d in drivers/gpu drivers/media drivers/net/wireless drivers/infiniband drivers/staging sound \
         drivers/bluetooth net/bluetooth drivers/isdn drivers/iio drivers/hid drivers/usb/gadget \
         drivers/net/can net/wireless net/mac80211 drivers/thunderbolt drivers/mtd drivers/nfc \
         drivers/net/ethernet/mellanox drivers/net/ethernet/chelsio drivers/net/ethernet/qlogic \
         drivers/net/ethernet/broadcom drivers/net/ethernet/sfc drivers/net/ethernet/cavium \
         drivers/net/ethernet/marvell drivers/scsi/qla2xxx drivers/scsi/lpfc drivers/scsi/bfa \
         drivers/scsi/be2iscsi drivers/scsi/mpt3sas drivers/scsi/megaraid drivers/target \
         drivers/net/usb drivers/atm drivers/comedi drivers/w1 drivers/leds drivers/input/touchscreen \
         drivers/input/joystick drivers/platform/chrome drivers/platform/surface fs/ocfs2 fs/gfs2 \
         fs/nfs fs/nfsd fs/ceph fs/smb fs/cifs fs/xfs fs/btrfs fs/jfs fs/nilfs2 fs/ubifs fs/f2fs; do
  rm -rf "$ROOT/lib/modules/$KVER/kernel/$d"
done
rm -rf "$ROOT/usr/share/doc"/*/changelog* "$ROOT/var/cache/apt"/*.bin "$ROOT/var/lib/apt/lists"/* \
       "$ROOT/usr/share/locale" "$ROOT/usr/share/i18n" "$ROOT/usr/share/zoneinfo/right" \
       "$ROOT/usr/lib/firmware" "$ROOT/lib/firmware"
# docker.io ships docker-proxy/containerd twins and debug helpers; keep the engine and the CLI.
rm -f "$ROOT/usr/share/docker.io/contrib"/* 2>/dev/null || true

echo minikube > "$ROOT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 minikube\n' > "$ROOT/etc/hosts"

# Every VM gets host keys of its own on first boot (kept on the data disk), never the image's.
rm -f "$ROOT"/etc/ssh/ssh_host_*
cat > "$ROOT/etc/ssh/sshd_config.d/jminikube.conf" <<'CONF'
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
CONF

mkdir -p "$ROOT/etc/systemd/network"
cat > "$ROOT/etc/systemd/network/20-wired.network" <<'CONF'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4

[DHCPv4]
UseDomains=true
CONF

mkdir -p "$ROOT/etc/modules-load.d" "$ROOT/etc/sysctl.d"
# Only br_netfilter: the bridge sysctls below need it before systemd-sysctl runs. overlay, 9p (and its
# virtio transport) and virtiofs load on demand (mount -t, device modalias); listing them cost the
# boot ~5 s of systemd-modules-load under TCG.
printf 'br_netfilter\n' > "$ROOT/etc/modules-load.d/jminikube.conf"
cat > "$ROOT/etc/sysctl.d/90-jminikube.conf" <<'CONF'
net.ipv4.ip_forward = 1
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
CONF

cat > "$ROOT/usr/local/sbin/jminikube-data-disk" <<SCRIPT
#!/bin/bash
# Finds, on first boot formats, and mounts the node's data disk; binds the node's state onto it.
set -u
MAGIC='$MAGIC'
DATA=/var/lib/jminikube-data
log() { echo "jminikube-data-disk: \$*"; echo "jminikube-data-disk: \$*" > /dev/console 2>/dev/null || true; }

find_labelled() { blkid -L jminikube-data 2>/dev/null; }
find_blank() {
  for dev in /dev/vd? /dev/sd? /dev/hd? /dev/xvd? /dev/nvme?n?; do
    [ -b "\$dev" ] || continue
    if [ "\$(head -c \${#MAGIC} "\$dev" 2>/dev/null)" = "\$MAGIC" ]; then echo "\$dev"; return 0; fi
  done
  return 1
}

part=""; blank=""
for _ in \$(seq 1 40); do
  part=\$(find_labelled) && [ -n "\$part" ] && break
  blank=\$(find_blank) && [ -n "\$blank" ] && break
  sleep 0.25
done

if [ -z "\$part" ] && [ -n "\$blank" ]; then
  log "formatting blank data disk \$blank"
  seed=\$(mktemp -d)
  tar -xf "\$blank" -C "\$seed" 2>/dev/null || log "no seed tar on \$blank"
  echo 'label: gpt' | sfdisk --quiet --wipe always "\$blank" >/dev/null
  echo ',,L' | sfdisk --quiet --append "\$blank" >/dev/null
  # sfdisk has the kernel re-read the table and devtmpfs makes the node at once: a short poll is
  # enough, where udevadm settle waited for all of coldplug.
  case "\$blank" in *nvme*) part="\${blank}p1" ;; *) part="\${blank}1" ;; esac
  for _ in \$(seq 1 40); do [ -b "\$part" ] && break; sleep 0.1; done
  # Lazy inode tables and journal: the kernel zeroes them in the background after mount instead of
  # mkfs writing them up front; nodiscard: a fresh qcow2 has nothing to discard.
  mkfs.ext4 -q -F -E lazy_itable_init=1,lazy_journal_init=1,nodiscard -L jminikube-data "\$part"
  mkdir -p "\$DATA"; mount "\$part" "\$DATA"
  mkdir -p "\$DATA/jminikube/ssh"
  if [ -f "\$seed/.ssh/authorized_keys" ]; then
    install -m 0600 "\$seed/.ssh/authorized_keys" "\$DATA/jminikube/ssh/authorized_keys"
  fi
  rm -rf "\$seed"
elif [ -n "\$part" ]; then
  mkdir -p "\$DATA"; mount "\$part" "\$DATA" && log "mounted data disk \$part"
else
  log "no data disk found: node state lives in memory and is lost at shutdown"
  mkdir -p "\$DATA/jminikube/ssh"
fi

for d in containerd docker kubelet etcd cni jminikube-node; do
  mkdir -p "\$DATA/\$d" "/var/lib/\$d"
  mount --bind "\$DATA/\$d" "/var/lib/\$d"
done
mkdir -p "\$DATA/jminikube/etc-kubernetes" /etc/kubernetes
mount --bind "\$DATA/jminikube/etc-kubernetes" /etc/kubernetes

# SSH: the user's key from the seed, and host keys generated once per machine.
if [ -f "\$DATA/jminikube/ssh/authorized_keys" ]; then
  install -d -m 0700 /root/.ssh
  install -m 0600 "\$DATA/jminikube/ssh/authorized_keys" /root/.ssh/authorized_keys
fi
mkdir -p "\$DATA/jminikube/ssh/host"
if ls "\$DATA"/jminikube/ssh/host/ssh_host_*_key >/dev/null 2>&1; then
  cp -a "\$DATA"/jminikube/ssh/host/ssh_host_* /etc/ssh/
else
  # ed25519 and ecdsa only: a 3072-bit RSA key takes seconds to generate under TCG, and every client
  # jminikube uses (OpenSSH, JSch) takes ed25519.
  ssh-keygen -q -N '' -t ed25519 -f /etc/ssh/ssh_host_ed25519_key
  ssh-keygen -q -N '' -t ecdsa -f /etc/ssh/ssh_host_ecdsa_key
  cp -a /etc/ssh/ssh_host_* "\$DATA/jminikube/ssh/host/"
fi
exit 0
SCRIPT
chmod 0755 "$ROOT/usr/local/sbin/jminikube-data-disk"

cat > "$ROOT/etc/systemd/system/jminikube-data-disk.service" <<'CONF'
[Unit]
Description=jminikube data disk (format on first boot, mount, bind node state)
DefaultDependencies=no
After=systemd-udevd.service systemd-udev-trigger.service local-fs.target
Before=ssh.service containerd.service docker.service etcd.service sysinit.target
Wants=systemd-udev-trigger.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/jminikube-data-disk

[Install]
WantedBy=sysinit.target
CONF

cat > "$ROOT/version.json" <<CONF
{"name": "jminikube-node-image", "version": "$IMAGE_VERSION", "debian_suite": "$SUITE",
 "kernel": "$KVER", "recipe_sha256": "$RECIPE_SHA", "cni_bin_dir": "/usr/lib/cni",
 "built": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"}
CONF
cat >> "$ROOT/etc/os-release" <<CONF
JMINIKUBE_IMAGE_VERSION=$IMAGE_VERSION
JMINIKUBE_RECIPE_SHA256=$RECIPE_SHA
CONF

# dockerd is started only for --container-runtime=docker (the bootstrap's systemctl restart docker
# pulls in docker.socket through Requires=); on a containerd node it cost the boot 33 s under TCG.
chroot "$ROOT" systemctl enable jminikube-data-disk.service systemd-networkd.service ssh.service \
  containerd.service >/dev/null 2>&1
chroot "$ROOT" systemctl disable etcd.service docker.service docker.socket >/dev/null 2>&1 || true
# Not needed on a node, each a unit (and under TCG seconds) at boot: apparmor.service only loads the
# profiles in /etc/apparmor.d (containerd and dockerd load theirs with apparmor_parser themselves);
# pstore and its efi_pstore module, drm and fuse modules; gettys for a root that has no password;
# scrubbing and dpkg backups of a read-only root.
chroot "$ROOT" systemctl disable apparmor.service systemd-pstore.service dpkg-db-backup.timer \
  e2scrub_all.timer >/dev/null 2>&1 || true
chroot "$ROOT" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_reap.service e2scrub_all.timer \
  modprobe@efi_pstore.service modprobe@drm.service modprobe@fuse.service getty@tty1.service \
  serial-getty@ttyS0.service >/dev/null 2>&1 || true
chroot "$ROOT" passwd -l root >/dev/null

step "building the initramfs"
cp "$ROOT/boot/vmlinuz-$KVER" "$ISODIR/live/vmlinuz"
mount -t proc proc "$ROOT/proc"
trap 'umount "$ROOT/proc" 2>/dev/null || true' EXIT
echo 'COMPRESS=zstd' > "$ROOT/etc/initramfs-tools/conf.d/jminikube"
chroot "$ROOT" update-initramfs -c -k "$KVER" >/dev/null
umount "$ROOT/proc"; trap - EXIT
cp "$ROOT/boot/initrd.img-$KVER" "$ISODIR/live/initrd.img"
rm -rf "$ROOT/boot"/* "$ROOT/var/log"/* "$ROOT/var/cache/debconf"/*-old "$ROOT/tmp"/*

# zstd, not xz: the guest decompresses every block it reads, and zstd decompresses with far less CPU than
# xz, which counts under TCG (an emulated CPU). At level 19 the squashfs is 195 MB against xz's 176 MB. Its
# share of the boot time was not measured apart from the other recipe changes (see README).
step "compressing the root filesystem (squashfs, zstd)"
mksquashfs "$ROOT" "$ISODIR/live/filesystem.squashfs" -comp zstd -Xcompression-level 19 -b 1M -noappend -quiet \
  -no-progress

cat > "$ISODIR/boot/grub/grub.cfg" <<CONF
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_output console serial
menuentry "jminikube node" {
  linux /live/vmlinuz $CMDLINE
  initrd /live/initrd.img
}
CONF
printf '%s\n' "$CMDLINE" > "$ISODIR/live/jminikube-cmdline"
cp "$ROOT/version.json" "$ISODIR/version.json"

step "writing the hybrid ISO"
grub-mkrescue -o "$OUT" "$ISODIR" -- -volid JMINIKUBE >/dev/null 2>&1 || grub-mkrescue -o "$OUT" "$ISODIR" -- -volid JMINIKUBE
step "done: $(du -m "$OUT" | cut -f1) MB"
