// Checks of the Strimzi custom resources (kafka.strimzi.io/v1, KRaft with node pools). There is no npm model for
// them, so the fields the operator requires, the values it accepts and the fields these manifests rely on are
// spelled out here; unknown top-level fields are refused like everywhere else.
const API = 'kafka.strimzi.io/v1';
const LISTENER_TYPES = ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'];
// Ports the operator keeps for itself (replication, control plane, agents, metrics, JMX).
const RESERVED_PORTS = [9090, 9091, 8443, 9404, 9999];
const STORAGE_TYPES = ['ephemeral', 'persistent-claim', 'jbod'];
const ROLES = ['controller', 'broker'];

const isInt = (v) => Number.isInteger(v);
const known = (obj, fields, where, errors) => {
  for (const key of Object.keys(obj || {})) {
    if (!fields.includes(key)) errors.push(`${where}.${key}: unknown field`);
  }
};

function checkVolume(volume, where, errors, allowJbod) {
  if (!volume || typeof volume !== 'object') {
    errors.push(`${where}: required`);
    return;
  }
  if (!STORAGE_TYPES.includes(volume.type) || (!allowJbod && volume.type === 'jbod')) {
    errors.push(`${where}.type: one of ${STORAGE_TYPES.filter((t) => allowJbod || t !== 'jbod').join(', ')}`);
  }
  if (volume.type === 'persistent-claim' && !/^\d+(\.\d+)?([KMGTPE]i?)?$/.test(String(volume.size || ''))) {
    errors.push(`${where}.size: a quantity such as 20Gi is required for persistent-claim`);
  }
  if (volume.type === 'jbod') {
    if (!Array.isArray(volume.volumes) || volume.volumes.length === 0) errors.push(`${where}.volumes: required`);
    const ids = new Set();
    let metadata = 0;
    (volume.volumes || []).forEach((v, i) => {
      if (!isInt(v.id) || v.id < 0) errors.push(`${where}.volumes[${i}].id: a non-negative integer is required`);
      if (ids.has(v.id)) errors.push(`${where}.volumes[${i}].id: duplicate ${v.id}`);
      ids.add(v.id);
      if (v.kraftMetadata !== undefined) {
        if (v.kraftMetadata !== 'shared') errors.push(`${where}.volumes[${i}].kraftMetadata: only "shared"`);
        metadata++;
      }
      checkVolume(v, `${where}.volumes[${i}]`, errors, false);
    });
    if (metadata > 1) errors.push(`${where}: at most one volume with kraftMetadata`);
  }
}

/** Errors of one Strimzi resource on its own. */
export function checkResource(obj) {
  const errors = [];
  const where = `${obj.kind} ${obj.metadata?.name}`;
  const spec = obj.spec;
  if (obj.apiVersion !== API) errors.push(`${where}: apiVersion must be ${API} (Strimzi 1.x serves no other)`);
  if (!spec || typeof spec !== 'object') return [`${where}: spec is required`];
  const cluster = obj.metadata?.labels?.['strimzi.io/cluster'];
  if (obj.kind === 'Kafka') {
    known(spec, ['kafka', 'entityOperator', 'clusterCa', 'clientsCa', 'cruiseControl', 'kafkaExporter', 'maintenanceTimeWindows'], `${where}: spec`, errors);
    if (spec.zookeeper) errors.push(`${where}: spec.zookeeper: ZooKeeper is gone; KRaft with KafkaNodePools only`);
    const kafka = spec.kafka;
    if (!kafka) return [...errors, `${where}: spec.kafka is required`];
    for (const legacy of ['replicas', 'storage']) {
      if (kafka[legacy] !== undefined) errors.push(`${where}: spec.kafka.${legacy} belongs in a KafkaNodePool`);
    }
    if (!Array.isArray(kafka.listeners) || kafka.listeners.length === 0) errors.push(`${where}: spec.kafka.listeners is required`);
    const names = new Set();
    const ports = new Set();
    (kafka.listeners || []).forEach((l, i) => {
      const at = `${where}: spec.kafka.listeners[${i}]`;
      if (!/^[a-z0-9]{1,11}$/.test(l.name || '')) errors.push(`${at}.name: 1-11 lower-case letters or digits`);
      if (!isInt(l.port) || l.port < 9092 || RESERVED_PORTS.includes(l.port)) errors.push(`${at}.port: 9092 or higher, not ${RESERVED_PORTS.join('/')}`);
      if (!LISTENER_TYPES.includes(l.type)) errors.push(`${at}.type: one of ${LISTENER_TYPES.join(', ')}`);
      if (typeof l.tls !== 'boolean') errors.push(`${at}.tls: true or false is required`);
      if (names.has(l.name)) errors.push(`${at}.name: duplicate`);
      if (ports.has(l.port)) errors.push(`${at}.port: duplicate`);
      names.add(l.name);
      ports.add(l.port);
    });
  } else if (obj.kind === 'KafkaNodePool') {
    known(spec, ['replicas', 'roles', 'storage', 'resources', 'jvmOptions', 'template'], `${where}: spec`, errors);
    if (!cluster) errors.push(`${where}: label strimzi.io/cluster is required`);
    if (!isInt(spec.replicas) || spec.replicas < 0) errors.push(`${where}: spec.replicas: a non-negative integer is required`);
    if (!Array.isArray(spec.roles) || spec.roles.length === 0 || spec.roles.some((r) => !ROLES.includes(r))) {
      errors.push(`${where}: spec.roles: one or both of ${ROLES.join(', ')}`);
    }
    checkVolume(spec.storage, `${where}: spec.storage`, errors, true);
  } else if (obj.kind === 'KafkaTopic') {
    known(spec, ['topicName', 'partitions', 'replicas', 'config'], `${where}: spec`, errors);
    if (!cluster) errors.push(`${where}: label strimzi.io/cluster is required`);
    if (!isInt(spec.partitions) || spec.partitions < 1) errors.push(`${where}: spec.partitions: a positive integer is required`);
    if (!isInt(spec.replicas) || spec.replicas < 1) errors.push(`${where}: spec.replicas: a positive integer is required`);
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(spec.topicName || obj.metadata?.name || '')) errors.push(`${where}: not a legal topic name`);
  } else {
    errors.push(`${where}: no checks for this Strimzi kind`);
  }
  return errors;
}

/** Errors across the Strimzi resources of one render: node pools, replication and topics against the cluster. */
export function checkCluster(objects) {
  const errors = [];
  const kafkas = objects.filter((o) => o.kind === 'Kafka');
  const pools = objects.filter((o) => o.kind === 'KafkaNodePool');
  const topics = objects.filter((o) => o.kind === 'KafkaTopic');
  if (kafkas.length === 0 && (pools.length || topics.length)) errors.push('KafkaNodePool/KafkaTopic without a Kafka');
  for (const kafka of kafkas) {
    const name = kafka.metadata.name;
    const mine = (o) => o.metadata?.labels?.['strimzi.io/cluster'] === name;
    const count = (role) => pools.filter(mine).filter((p) => p.spec?.roles?.includes(role)).reduce((n, p) => n + (p.spec.replicas || 0), 0);
    const controllers = count('controller');
    const brokers = count('broker');
    if (controllers < 1 || controllers % 2 === 0) errors.push(`Kafka ${name}: ${controllers} KRaft controllers; an odd number (1, 3, 5) is needed`);
    if (brokers < 1) errors.push(`Kafka ${name}: no KafkaNodePool with the broker role`);
    const config = kafka.spec?.kafka?.config || {};
    for (const key of ['default.replication.factor', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'share.coordinator.state.topic.replication.factor']) {
      if (config[key] !== undefined && config[key] > brokers) errors.push(`Kafka ${name}: ${key}=${config[key]} but only ${brokers} brokers`);
    }
    if (config['min.insync.replicas'] !== undefined && config['min.insync.replicas'] > (config['default.replication.factor'] ?? 1)) {
      errors.push(`Kafka ${name}: min.insync.replicas above default.replication.factor`);
    }
    if (topics.length && !kafka.spec?.entityOperator?.topicOperator) errors.push(`Kafka ${name}: KafkaTopics need spec.entityOperator.topicOperator`);
    for (const topic of topics.filter(mine)) {
      const replicas = topic.spec?.replicas;
      if (replicas > brokers) errors.push(`KafkaTopic ${topic.metadata.name}: replicas ${replicas} > ${brokers} brokers`);
      const isr = topic.spec?.config?.['min.insync.replicas'] ?? config['min.insync.replicas'];
      if (isr !== undefined && replicas !== undefined && isr > replicas) {
        errors.push(`KafkaTopic ${topic.metadata.name}: min.insync.replicas ${isr} > replicas ${replicas} (no write would succeed)`);
      }
    }
  }
  for (const o of [...pools, ...topics]) {
    const cluster = o.metadata?.labels?.['strimzi.io/cluster'];
    if (cluster && !kafkas.some((k) => k.metadata.name === cluster)) errors.push(`${o.kind} ${o.metadata.name}: strimzi.io/cluster=${cluster} names no Kafka`);
  }
  return errors;
}
