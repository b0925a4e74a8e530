// storage-provisioner: jminikube's dynamic hostPath provisioner. Every claim on a StorageClass with this
// provisioner's name gets a directory <root>/<namespace>/<claim> on the node and a hostPath
// PersistentVolume for it; deleting the volume (reclaim policy Delete) removes the directory.
// One node only, as in minikube: the directory lives on the node that runs this pod.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v13/controller"
)

// identityAnnotation marks the volumes this provisioner made, so it deletes no one else's directories.
const identityAnnotation = "jminikube.dev/hostpath-provisioner-identity"

type hostPathProvisioner struct {
	root     string
	identity string
}

func (p *hostPathProvisioner) Provision(_ context.Context, opts controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	dir := filepath.Join(p.root, opts.PVC.Namespace, opts.PVC.Name)
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("creating %s: %w", dir, err)
	}
	// MkdirAll applies the umask; pods running as any user must be able to write.
	if err := os.Chmod(dir, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("chmod %s: %w", dir, err)
	}
	reclaim := v1.PersistentVolumeReclaimDelete
	if opts.StorageClass.ReclaimPolicy != nil {
		reclaim = *opts.StorageClass.ReclaimPolicy
	}
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        opts.PVName,
			Annotations: map[string]string{identityAnnotation: p.identity},
		},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   opts.PVC.Spec.AccessModes,
			Capacity: v1.ResourceList{
				v1.ResourceStorage: opts.PVC.Spec.Resources.Requests[v1.ResourceStorage],
			},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				HostPath: &v1.HostPathVolumeSource{Path: dir},
			},
		},
	}
	klog.Infof("provisioned %s for claim %s/%s at %s", opts.PVName, opts.PVC.Namespace, opts.PVC.Name, dir)
	return pv, controller.ProvisioningFinished, nil
}

func (p *hostPathProvisioner) Delete(_ context.Context, pv *v1.PersistentVolume) error {
	if pv.Annotations[identityAnnotation] != p.identity {
		return &controller.IgnoredError{Reason: "the volume was not made by this provisioner"}
	}
	if pv.Spec.HostPath == nil {
		return &controller.IgnoredError{Reason: "the volume has no hostPath"}
	}
	dir := filepath.Clean(pv.Spec.HostPath.Path)
	rel, err := filepath.Rel(p.root, dir)
	if err != nil || rel == "." || rel == ".." || filepath.IsAbs(rel) || len(rel) >= 3 && rel[:3] == "../" {
		return fmt.Errorf("refusing to delete %s: outside %s", dir, p.root)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("removing %s: %w", dir, err)
	}
	klog.Infof("deleted %s (%s)", pv.Name, dir)
	return nil
}

func main() {
	klog.InitFlags(nil)
	root := flag.String("root", "/var/lib/jminikube-node/hostpath-provisioner", "directory on the node that holds the volumes")
	name := flag.String("provisioner", "k8s.io/minikube-hostpath", "provisioner name StorageClasses refer to")
	flag.Parse()

	config, err := rest.InClusterConfig()
	if err != nil {
		klog.Fatalf("in-cluster config: %v", err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		klog.Fatalf("client: %v", err)
	}
	// The node name is the identity: volumes of this node are this provisioner's to delete.
	identity := os.Getenv("NODE_NAME")
	if identity == "" {
		identity, _ = os.Hostname()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	klog.Infof("storage-provisioner %s on %s, volumes under %s", *name, identity, *root)
	pc := controller.NewProvisionController(ctx, client, *name, &hostPathProvisioner{root: *root, identity: identity},
		controller.LeaderElection(false))
	pc.Run(ctx)
}
