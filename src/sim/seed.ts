// The state a fresh sim starts from: a CERN-like project with cluster templates, one old failed
// cluster and one unrelated VM, so lists are never trivially empty.

import { DEFAULT_SPEED } from './clock.js';
import type { SimState, Template } from './types.js';

const TEMPLATE_LABELS = (kubeTag: string): Record<string, string> => ({
  cern_enabled: 'true',
  cern_tag: 'v1.2.0',
  kube_csi_enabled: 'true',
  cinder_csi_enabled: 'true',
  manila_enabled: 'true',
  eos_enabled: 'true',
  cvmfs_enabled: 'true',
  logging_producer: 'kubernetes',
  monitoring_enabled: 'false',
  ingress_controller: '',
  auto_healing_enabled: 'false',
  container_runtime: 'containerd',
  cgroup_driver: 'systemd',
  kube_tag: kubeTag,
});

function template(uuid: string, name: string, createdAt: string): Template {
  const version = /^kubernetes-(\d+\.\d+\.\d+)-\d+$/.exec(name)?.[1] ?? '1.29.2';
  return { uuid, name, kubeTag: `v${version}`, labels: TEMPLATE_LABELS(`v${version}`), flavor: 'm2.medium', masterFlavor: 'm2.medium', createdAt };
}

/** Insertion order is the order `template list` prints. The old 1.9 template comes last on
 * purpose: picking the last entry, or sorting names as strings, picks the wrong one. */
export const SEED_TEMPLATES: readonly Template[] = [
  template('6c20f604-b5de-5dac-a0f5-c03faef4495c', 'kubernetes-1.28.9-1', '2023-11-20T10:12:40+00:00'),
  template('c71bc9c5-5dba-5dbe-bed1-6608f70549ce', 'kubernetes-1.29.2-2', '2024-03-11T14:02:55+00:00'),
  template('baaba36e-7c44-5902-852e-fd33b9ffab0e', 'kubernetes-1.30.1-1', '2024-07-02T09:30:11+00:00'),
  template('4e1d6c2a-9f3b-5c8e-a7d1-2b6f0e9c3a55', 'kubernetes-1.29.10-1', '2024-09-18T08:41:27+00:00'),
  template('0b7e3f1c-2d4a-5e6b-8c9d-1a2b3c4d5e6f', 'kubernetes-1.9.6-1', '2018-04-05T12:00:00+00:00'),
];

export function initialState(): SimState {
  return {
    schema: 1,
    seq: 0,
    speed: DEFAULT_SPEED,
    helmMajor: 3,
    projectId: '0a1b2c3d4e5f40718293a4b5c6d7e8f9',
    userId: '5f2f3c1b8e9d4a6b9c0d1e2f3a4b5c6d',
    keypairs: [],
    templates: SEED_TEMPLATES.map((t) => ({ ...t, labels: { ...t.labels } })),
    clusters: [
      {
        uuid: '9d5b1c4e-3a2f-4e8d-b7c6-5a4f3e2d1c0b',
        name: 'old-failed-cluster',
        stackId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        shortId: 'q3v7ya2kd0xm',
        templateUuid: 'c71bc9c5-5dba-5dbe-bed1-6608f70549ce',
        keypair: 'lxplus',
        nodeCount: 2,
        masterCount: 1,
        flavor: 'm2.large',
        masterFlavor: 'm2.large',
        labels: TEMPLATE_LABELS('v1.29.2'),
        labelsOverridden: {},
        createTimeout: 60,
        status: 'CREATE_FAILED',
        statusReason:
          'Resource CREATE failed: ResourceInError: resources[0].resources.kube-minion: Went to status ERROR due to "Message: No valid host was found. There are not enough hosts available., Code: 500"',
        faults: { 'kube-minion': 'ResourceInError: resources.kube-minion: Went to status ERROR due to "Message: No valid host was found. , Code: 500"' },
        createdAt: '2024-05-02T07:15:00+00:00',
        updatedAt: '2024-05-02T07:31:04+00:00',
        coeVersion: 'v1.29.2',
        apiIp: '188.185.10.10',
        progress: { start: 0, stagesMs: [1], seen: 1 },
        ingress: { version: '1.12.1', sslPassthrough: true },
      },
    ],
    servers: [
      {
        id: 'dee39f8a-2515-4cc8-8ac9-3746c8205b1e',
        name: 'lxplus-test-vm',
        status: 'ACTIVE',
        ip: '188.185.146.93',
        flavor: 'm2.small',
        image: 'fedora-coreos-38.20230806.3.0-openstack.x86_64',
        keyName: 'lxplus',
        created: '2025-01-14T09:02:11Z',
        updated: '2025-01-14T09:04:40Z',
        launchedAt: '2025-01-14T09:04:39.000000',
        hostId: '9a3f0b6d2c1e4f5a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c',
        properties: {},
      },
    ],
    kubes: [],
    faultUse: {},
  };
}
