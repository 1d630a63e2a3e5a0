// Renders every overlay of k8s/ (and every overlay with each optional component) with kustomize and validates the
// objects: Kubernetes schemas with unknown fields refused, Strimzi and KEDA resources, references between objects.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { checkAll } from '../lib/checks.mjs';
import { kustomizeCommand, layout, prepareCopy, render, targets } from '../lib/render.mjs';

const K8S = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const command = kustomizeCommand();
const copy = prepareCopy(K8S);
after(() => fs.rmSync(copy.dir, { recursive: true, force: true }));

test('k8s/ has the dev and prod overlays and the optional KEDA component', () => {
  const { overlays, components } = layout(K8S);
  assert.deepEqual(overlays, ['dev', 'prod']);
  assert.ok(components.includes('keda-identify'));
});

describe('rendered overlays validate', () => {
  for (const target of targets(K8S)) {
    test(target.name, () => {
      const objects = render(copy.dir, target, command);
      const errors = checkAll(objects, { fromExamples: copy.fromExamples.has(target.overlay) });
      assert.deepEqual(errors, [], `${target.name}:\n  ${errors.join('\n  ')}`);
    });
  }
});

// The checks above must be able to fail: each broken copy of the dev render is caught with the expected message.
describe('the checks catch broken manifests', () => {
  const pristine = () => render(copy.dir, { name: 'dev', overlay: 'dev', component: null }, command);
  const byName = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const container = (objects, name) => byName(objects, 'Deployment', name).spec.template.spec.containers[0];
  const cases = [
    ['a misspelt field', (o) => { const c = container(o, 'labeling-service'); c.readinesProbe = c.readinessProbe; delete c.readinessProbe; },
      /readinesProbe: unknown field/],
    ['a wrong type', (o) => { container(o, 'distill-service').ports[0].containerPort = 'http'; }, /containerPort must be integer/],
    ['a GPU service without its toleration', (o) => { byName(o, 'Deployment', 'identify-service').spec.template.spec.tolerations = []; },
      /identify-service: toleration for nvidia.com\/gpu missing/],
    ['a GPU service off the V100 nodes', (o) => { delete byName(o, 'Deployment', 'correction-service').spec.template.spec.nodeSelector; },
      /correction-service: nodeSelector nvidia.com\/gpu.product must name a V100/],
    ['a readiness probe on the wrong path', (o) => { container(o, 'distill-service').readinessProbe.httpGet.path = '/health'; },
      /distill-service: readinessProbe must GET \/q\/health\/ready/],
    ['a Secret that is not rendered', (o) => { container(o, 'labeling-service').envFrom.push({ secretRef: { name: 'nope' } }); },
      /envFrom Secret nope is not in the render/],
    ['a topic with more replicas than brokers', (o) => { byName(o, 'KafkaTopic', 'labels').spec.replicas = 3; },
      /KafkaTopic labels: replicas 3 > 1 brokers/],
    ['an even number of KRaft controllers', (o) => { byName(o, 'KafkaNodePool', 'dual-role').spec.replicas = 2; },
      /2 KRaft controllers; an odd number/],
    ['a ZooKeeper cluster', (o) => { byName(o, 'Kafka', 'defuse').spec.zookeeper = { replicas: 3 }; }, /ZooKeeper is gone/],
    ['an Ingress exposing the admin API', (o) => { byName(o, 'Ingress', 'labeling-vendor-api').spec.rules[0].http.paths[0].path = '/admin/v1'; },
      /exposes the admin API/],
    ['a Service selecting nothing', (o) => { byName(o, 'Service', 'minio').spec.selector = { app: 'none' }; }, /Service minio: selector .* selects no workload/],
    ['an empty credential', (o) => { byName(o, 'Secret', o.find((x) => x.kind === 'Secret').metadata.name).data = { K: '' }; }, /K is empty/],
    ['a wrong bootstrap address', (o) => { o.find((x) => x.kind === 'ConfigMap' && x.data.KAFKA_BOOTSTRAP_SERVERS).data.KAFKA_BOOTSTRAP_SERVERS = 'kafka:9092'; },
      /KAFKA_BOOTSTRAP_SERVERS kafka:9092 is no internal plain listener/],
    ['a kind without a schema', (o) => { o.push({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't', namespace: 'defuse' } }); },
      /Thing t: example.com\/v1 Thing has no schema/],
  ];
  for (const [what, breakIt, expected] of cases) {
    test(what, () => {
      const objects = pristine();
      breakIt(objects);
      const errors = checkAll(objects, { fromExamples: true });
      assert.ok(errors.some((e) => expected.test(e)), `expected ${expected} among:\n  ${errors.join('\n  ')}`);
    });
  }

  test('a ScaledObject that outgrows its topic', () => {
    const objects = render(copy.dir, { name: 'dev+keda-identify', overlay: 'dev', component: 'keda-identify' }, command);
    objects.find((o) => o.kind === 'ScaledObject').spec.maxReplicaCount = 64;
    const errors = checkAll(objects, { fromExamples: true });
    assert.ok(errors.some((e) => /maxReplicaCount 64 > 4 partitions of identify-shards/.test(e)), errors.join('\n'));
  });

  test('example credentials in a real secrets file', () => {
    const errors = checkAll(pristine(), { fromExamples: false });
    assert.ok(errors.some((e) => /still has the example value/.test(e)), errors.join('\n'));
  });
});
