// Checks across the objects of one rendered overlay: what a schema cannot see (a Secret that is referenced but not
// rendered, a Service selecting no pod, a probe on the wrong path, a GPU service without its V100 constraints).
import { hasModel, unknownFields, validateWithModel } from './schema.mjs';
import { checkCluster, checkResource } from './strimzi.mjs';

/** The four Defuse services; the GPU ones run on V100 nodes. */
export const SERVICES = {
  'identify-service': { gpu: true },
  'distill-service': { gpu: true },
  'labeling-service': { gpu: false },
  'correction-service': { gpu: true },
};
const GPU = 'nvidia.com/gpu';
const GPU_PRODUCT = 'nvidia.com/gpu.product';
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass'];
const PLACEHOLDER = /^replace-with-/;

const id = (o) => `${o.kind} ${o.metadata?.name}`;
const workloads = (objs) => objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
const matches = (selector, labels) => Object.entries(selector || {}).every(([k, v]) => labels?.[k] === v);
const podLabels = (w) => w.spec?.template?.metadata?.labels || {};
const containersOf = (w) => [...(w.spec?.template?.spec?.initContainers || []), ...(w.spec?.template?.spec?.containers || [])];

/** Every error of one render. `fromExamples`: whether its Secrets were made from the committed examples. */
export function checkAll(objects, { fromExamples = false } = {}) {
  return [
    ...checkObjects(objects),
    ...checkReferences(objects),
    ...checkServices(objects),
    ...checkDefuseServices(objects),
    ...checkSecrets(objects, fromExamples),
    ...checkCluster(objects.filter((o) => o.apiVersion?.startsWith('kafka.strimzi.io/'))),
    ...checkScaledObjects(objects),
    ...checkBootstrap(objects),
  ];
}

/** KAFKA_BOOTSTRAP_SERVERS of the ConfigMaps points at the bootstrap Service of a Kafka listener without TLS. */
function checkBootstrap(objects) {
  const errors = [];
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.data?.KAFKA_BOOTSTRAP_SERVERS)) {
    const ok = kafkas.some((k) => (k.spec?.kafka?.listeners || []).some((l) => !l.tls && l.type === 'internal'
      && cm.data.KAFKA_BOOTSTRAP_SERVERS === `${k.metadata.name}-kafka-bootstrap:${l.port}`));
    if (!ok) errors.push(`${id(cm)}: KAFKA_BOOTSTRAP_SERVERS ${cm.data.KAFKA_BOOTSTRAP_SERVERS} is no internal plain listener of a Kafka in the render`);
  }
  return errors;
}

function checkObjects(objects) {
  const errors = [];
  const seen = new Set();
  const namespaces = new Set(objects.filter((o) => !CLUSTER_SCOPED.includes(o.kind)).map((o) => o.metadata?.namespace));
  if (namespaces.size !== 1 || namespaces.has(undefined)) errors.push(`every namespaced object belongs in one namespace, got ${[...namespaces].join(', ')}`);
  for (const o of objects) {
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      errors.push(`object without apiVersion/kind/metadata.name: ${JSON.stringify(o).slice(0, 120)}`);
      continue;
    }
    const key = `${o.apiVersion.split('/')[0]}/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    if (seen.has(key)) errors.push(`${id(o)}: defined twice`);
    seen.add(key);
    if (o.apiVersion.startsWith('kafka.strimzi.io/')) {
      errors.push(...checkResource(o));
    } else if (hasModel(o.apiVersion, o.kind)) {
      errors.push(...validateWithModel(o).map((e) => `${id(o)}: ${e}`));
      errors.push(...unknownFields(o).map((e) => `${id(o)}: ${e}`));
    } else {
      errors.push(`${id(o)}: ${o.apiVersion} ${o.kind} has no schema here (add one to k8s/validate)`);
    }
  }
  return errors;
}

/** ConfigMaps, Secrets and PVCs that workloads name exist in the render, with the keys they name. */
function checkReferences(objects) {
  const errors = [];
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const keysOf = (o) => new Set([...Object.keys(o?.data || {}), ...Object.keys(o?.stringData || {})]);
  for (const w of workloads(objects)) {
    const claims = new Set((w.spec?.volumeClaimTemplates || []).map((t) => t.metadata?.name));
    for (const c of containersOf(w)) {
      const at = `${id(w)} container ${c.name}`;
      for (const from of c.envFrom || []) {
        const ref = from.configMapRef ? ['ConfigMap', from.configMapRef] : from.secretRef ? ['Secret', from.secretRef] : null;
        if (ref && !ref[1].optional && !find(ref[0], ref[1].name)) errors.push(`${at}: envFrom ${ref[0]} ${ref[1].name} is not in the render`);
      }
      for (const env of c.env || []) {
        const source = env.valueFrom?.secretKeyRef ? ['Secret', env.valueFrom.secretKeyRef] : env.valueFrom?.configMapKeyRef ? ['ConfigMap', env.valueFrom.configMapKeyRef] : null;
        if (!source || source[1].optional) continue;
        const target = find(source[0], source[1].name);
        if (!target) errors.push(`${at}: env ${env.name} names ${source[0]} ${source[1].name}, not in the render`);
        else if (!keysOf(target).has(source[1].key)) errors.push(`${at}: env ${env.name}: ${source[0]} ${source[1].name} has no key ${source[1].key}`);
      }
      for (const mount of c.volumeMounts || []) {
        const declared = (w.spec?.template?.spec?.volumes || []).some((v) => v.name === mount.name) || claims.has(mount.name);
        if (!declared) errors.push(`${at}: volumeMount ${mount.name} has no volume`);
      }
      if (!c.image || !/:[\w][\w.-]*$|@sha256:/.test(c.image.split('/').pop()) || c.image.endsWith(':latest')) {
        errors.push(`${at}: image ${c.image} needs an explicit tag other than latest`);
      }
      const requests = c.resources?.requests || {};
      if (!requests.cpu || !requests.memory || !c.resources?.limits?.memory) errors.push(`${at}: resources need cpu+memory requests and a memory limit`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) errors.push(`${at}: securityContext.allowPrivilegeEscalation must be false`);
    }
    for (const v of w.spec?.template?.spec?.volumes || []) {
      if (v.configMap && !find('ConfigMap', v.configMap.name) && !v.configMap.optional) errors.push(`${id(w)}: volume ${v.name}: ConfigMap ${v.configMap.name} is not in the render`);
      if (v.secret && !find('Secret', v.secret.secretName) && !v.secret.optional) errors.push(`${id(w)}: volume ${v.name}: Secret ${v.secret.secretName} is not in the render`);
    }
  }
  return errors;
}

/** Services select pods and name their ports; Ingress backends and PDB selectors hit something. */
function checkServices(objects) {
  const errors = [];
  const ws = workloads(objects);
  const services = objects.filter((o) => o.kind === 'Service');
  for (const s of services) {
    if (s.spec?.type === 'ExternalName') {
      if (!s.spec.externalName) errors.push(`${id(s)}: ExternalName without externalName`);
      continue;
    }
    const selected = ws.filter((w) => matches(s.spec?.selector, podLabels(w)));
    if (!s.spec?.selector || selected.length === 0) {
      errors.push(`${id(s)}: selector ${JSON.stringify(s.spec?.selector)} selects no workload`);
      continue;
    }
    for (const p of s.spec.ports || []) {
      const target = p.targetPort ?? p.port;
      const ok = selected.every((w) => containersOf(w).some((c) => (c.ports || []).some((cp) => cp.name === target || cp.containerPort === target)));
      if (!ok) errors.push(`${id(s)}: targetPort ${target} is not a container port of ${selected.map(id).join(', ')}`);
    }
  }
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of ing.spec?.rules || []) {
      if (!rule.host) errors.push(`${id(ing)}: every rule needs a host`);
      for (const p of rule.http?.paths || []) {
        const backend = p.backend?.service;
        const svc = services.find((s) => s.metadata.name === backend?.name);
        if (!svc) {
          errors.push(`${id(ing)}: backend Service ${backend?.name} is not in the render`);
          continue;
        }
        const port = backend.port?.name ?? backend.port?.number;
        if (!(svc.spec.ports || []).some((sp) => sp.name === port || sp.port === port)) errors.push(`${id(ing)}: Service ${svc.metadata.name} has no port ${port}`);
        if (/^\/(admin|q)(\/|$)/.test(p.path || '/') || (p.path || '/') === '/') errors.push(`${id(ing)}: ${p.path || '/'} exposes the admin API or /q`);
      }
    }
  }
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const selected = ws.filter((w) => matches(pdb.spec?.selector?.matchLabels, podLabels(w)));
    if (selected.length === 0) errors.push(`${id(pdb)}: selects no workload`);
    for (const w of selected) {
      if (Number.isInteger(pdb.spec?.minAvailable) && pdb.spec.minAvailable >= (w.spec?.replicas ?? 1)) {
        errors.push(`${id(pdb)}: minAvailable ${pdb.spec.minAvailable} with ${w.spec?.replicas ?? 1} replicas of ${id(w)} blocks every drain`);
      }
    }
  }
  return errors;
}

function probePath(probe) {
  return probe?.httpGet?.path;
}

/** The Defuse Deployments: health probes, Service, PDB, and the V100 constraints of the GPU services. */
function checkDefuseServices(objects) {
  const errors = [];
  for (const [name, { gpu }] of Object.entries(SERVICES)) {
    const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!d) {
      errors.push(`Deployment ${name} is missing`);
      continue;
    }
    const c = d.spec.template.spec.containers.find((x) => x.name === name);
    if (!c) {
      errors.push(`${id(d)}: no container named ${name}`);
      continue;
    }
    if (probePath(c.readinessProbe) !== '/q/health/ready') errors.push(`${id(d)}: readinessProbe must GET /q/health/ready`);
    if (probePath(c.livenessProbe) !== '/q/health/live') errors.push(`${id(d)}: livenessProbe must GET /q/health/live`);
    if (c.startupProbe && !/^\/q\/health(\/started)?$/.test(probePath(c.startupProbe) || '')) errors.push(`${id(d)}: startupProbe must GET /q/health/started`);
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe].filter(Boolean)) {
      const port = probe.httpGet?.port;
      if (!(c.ports || []).some((p) => p.name === port || p.containerPort === port)) errors.push(`${id(d)}: probe port ${port} is not a container port`);
    }
    if (!objects.some((o) => o.kind === 'Service' && matches(o.spec?.selector, podLabels(d)))) errors.push(`${id(d)}: no Service`);
    if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && matches(o.spec?.selector?.matchLabels, podLabels(d)))) errors.push(`${id(d)}: no PodDisruptionBudget`);
    const pod = d.spec.template.spec;
    const limit = c.resources?.limits?.[GPU];
    const request = c.resources?.requests?.[GPU];
    if (gpu) {
      if (!/V100/.test(pod.nodeSelector?.[GPU_PRODUCT] || '')) errors.push(`${id(d)}: nodeSelector ${GPU_PRODUCT} must name a V100 product`);
      if (Number(limit) !== 1) errors.push(`${id(d)}: limits ${GPU} must be 1`);
      if (request !== undefined && Number(request) !== Number(limit)) errors.push(`${id(d)}: requests ${GPU} must equal the limit`);
      if (!(pod.tolerations || []).some((t) => t.key === GPU && (t.operator === 'Exists' || t.value !== undefined))) errors.push(`${id(d)}: toleration for ${GPU} missing`);
    } else if (limit !== undefined || request !== undefined || pod.nodeSelector?.[GPU_PRODUCT]) {
      errors.push(`${id(d)}: needs no GPU`);
    }
  }
  return errors;
}

/** Generated Secrets carry values; placeholder values only where the render used the committed examples. */
function checkSecrets(objects, fromExamples) {
  const errors = [];
  for (const s of objects.filter((o) => o.kind === 'Secret')) {
    for (const [key, value] of Object.entries(s.data || {})) {
      const text = Buffer.from(String(value), 'base64').toString('utf8');
      if (text.trim() === '') errors.push(`${id(s)}: ${key} is empty`);
      if (!fromExamples && PLACEHOLDER.test(text)) errors.push(`${id(s)}: ${key} still has the example value`);
    }
  }
  return errors;
}

/** KEDA ScaledObjects: target, topic and bounds against the rest of the render. */
function checkScaledObjects(objects) {
  const errors = [];
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  for (const so of objects.filter((o) => o.kind === 'ScaledObject')) {
    const target = objects.find((o) => o.kind === (so.spec?.scaleTargetRef?.kind || 'Deployment') && o.metadata.name === so.spec?.scaleTargetRef?.name);
    if (!target) {
      errors.push(`${id(so)}: scaleTargetRef ${so.spec?.scaleTargetRef?.name} is not in the render`);
      continue;
    }
    if (target.spec?.replicas !== undefined) errors.push(`${id(so)}: ${id(target)} still sets replicas; KEDA owns them`);
    const min = so.spec.minReplicaCount ?? 0;
    const max = so.spec.maxReplicaCount ?? 100;
    if (min < 1) errors.push(`${id(so)}: minReplicaCount below 1 stops the service's HTTP API`);
    if (max < min) errors.push(`${id(so)}: maxReplicaCount < minReplicaCount`);
    for (const trigger of so.spec.triggers || []) {
      if (trigger.type !== 'kafka') continue;
      const m = trigger.metadata || {};
      const topic = objects.find((o) => o.kind === 'KafkaTopic' && (o.spec?.topicName || o.metadata.name) === m.topic);
      if (!topic) errors.push(`${id(so)}: topic ${m.topic} is not a KafkaTopic of the render`);
      else if (max > topic.spec.partitions) errors.push(`${id(so)}: maxReplicaCount ${max} > ${topic.spec.partitions} partitions of ${m.topic}: the extra replicas idle on a V100`);
      if (!m.consumerGroup) errors.push(`${id(so)}: kafka trigger needs consumerGroup`);
      const hosts = String(m.bootstrapServers || '').split(',');
      const ok = hosts.length > 0 && hosts.every((h) => kafkas.some((k) => h.startsWith(`${k.metadata.name}-kafka-bootstrap.${k.metadata.namespace}.svc`)));
      if (!ok) errors.push(`${id(so)}: bootstrapServers ${m.bootstrapServers} must be <kafka>-kafka-bootstrap.<namespace>.svc:<port> (KEDA resolves it from its own namespace)`);
    }
  }
  return errors;
}
