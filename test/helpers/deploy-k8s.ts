// Builders of Kubernetes JSON objects for the deploy tests.

import type { EventJson, NodeJson, PodJson, PvcJson } from '../../src/deploy/k8s-shapes.js';

export interface PodSpecLite {
  name: string;
  phase?: string;
  image?: string;
  sub?: string;
  ready?: boolean;
  restarts?: number;
  waiting?: { reason: string; message?: string };
  lastExit?: number;
  claims?: string[];
  unscheduled?: string;
  nodeName?: string;
  requests?: { cpu?: string; memory?: string };
}

export function pod(p: PodSpecLite): PodJson {
  const ready = p.ready ?? false;
  return {
    metadata: { name: p.name, labels: p.sub ? { 'app.kubernetes.io/component': p.sub } : {} },
    spec: {
      nodeName: p.unscheduled ? undefined : p.nodeName ?? 'node-0',
      containers: [{ name: 'main', image: p.image ?? 'example/image:1.0', resources: { requests: p.requests ?? {} } }],
      volumes: (p.claims ?? []).map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
    },
    status: {
      phase: p.phase ?? (p.unscheduled ? 'Pending' : ready ? 'Running' : 'Pending'),
      conditions: [
        ...(p.unscheduled ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: p.unscheduled }] : []),
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
      containerStatuses: p.unscheduled ? [] : [{
        name: 'main',
        ready,
        restartCount: p.restarts ?? 0,
        image: p.image ?? 'example/image:1.0',
        state: p.waiting ? { waiting: p.waiting } : ready ? { running: {} } : { waiting: { reason: 'ContainerCreating' } },
        lastState: p.lastExit !== undefined ? { terminated: { exitCode: p.lastExit, reason: 'Error' } } : {},
      }],
    },
  };
}

export function warning(kind: string, name: string, reason: string, message: string): EventJson {
  return { type: 'Warning', reason, message, involvedObject: { kind, name } };
}

export function pvc(name: string, phase: string, storageClassName?: string): PvcJson {
  return { metadata: { name }, spec: { storageClassName }, status: { phase } };
}

export function node(name: string, cpu: string, memory: string, opts: { master?: boolean; notReady?: boolean } = {}): NodeJson {
  return {
    metadata: { name, labels: opts.master ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: opts.master ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: { allocatable: { cpu, memory }, conditions: [{ type: 'Ready', status: opts.notReady ? 'False' : 'True' }] },
  };
}
