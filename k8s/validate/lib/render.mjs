// Renders the kustomize overlays of k8s/ offline, the way a user would: `kubectl kustomize` (or `kustomize build`)
// on a copy of k8s/ where every missing secrets/*.env is made from its committed secrets/*.env.example.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

/** The kustomize command: $KUSTOMIZE (a kustomize binary), else $KUBECTL or `kubectl` (its `kustomize`), else `kustomize`. */
export function kustomizeCommand() {
  const candidates = [];
  if (process.env.KUSTOMIZE) candidates.push([process.env.KUSTOMIZE, ['build']]);
  candidates.push([process.env.KUBECTL || 'kubectl', ['kustomize']]);
  candidates.push(['kustomize', ['build']]);
  for (const [bin, args] of candidates) {
    try {
      execFileSync(bin, ['version', ...(args[0] === 'kustomize' ? ['--client'] : [])], { stdio: 'pipe' });
      return { bin, args };
    } catch {
      // try the next one
    }
  }
  throw new Error('no kustomize: install kubectl (>= 1.21) or kustomize (>= 4), or set KUBECTL / KUSTOMIZE');
}

/** The overlays (k8s/overlays/*) and components (k8s/components/*) of a k8s directory. */
export function layout(k8sDir) {
  const dirs = (sub) => {
    const dir = path.join(k8sDir, sub);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'kustomization.yaml'))).sort();
  };
  return { overlays: dirs('overlays'), components: dirs('components') };
}

/**
 * The render targets: every overlay alone, and every overlay with each optional component added to its
 * kustomization (as docs/deploy.md tells users to do).
 */
export function targets(k8sDir) {
  const { overlays, components } = layout(k8sDir);
  const list = overlays.map((overlay) => ({ name: overlay, overlay, component: null }));
  for (const overlay of overlays) {
    for (const component of components) list.push({ name: `${overlay}+${component}`, overlay, component });
  }
  return list;
}

/** Copies k8sDir to a temporary directory and makes the missing secrets/*.env from their examples. */
export function prepareCopy(k8sDir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'defuse-k8s-'));
  fs.cpSync(k8sDir, tmp, {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes('node_modules'),
  });
  const fromExamples = new Set();
  for (const overlay of layout(tmp).overlays) {
    const secrets = path.join(tmp, 'overlays', overlay, 'secrets');
    if (!fs.existsSync(secrets)) continue;
    for (const file of fs.readdirSync(secrets)) {
      if (!file.endsWith('.env.example')) continue;
      const real = path.join(secrets, file.slice(0, -'.example'.length));
      if (!fs.existsSync(real)) {
        fs.copyFileSync(path.join(secrets, file), real);
        fromExamples.add(overlay);
      }
    }
  }
  return { dir: tmp, fromExamples };
}

/** Names of the workloads that the ScaledObjects of a component scale. */
function scaledTargets(componentDir) {
  const names = new Set();
  for (const file of fs.readdirSync(componentDir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(componentDir, file), 'utf8'))) {
      if (doc?.kind === 'ScaledObject' && doc.spec?.scaleTargetRef?.name) names.add(doc.spec.scaleTargetRef.name);
    }
  }
  return names;
}

/** Renders one target in a prepared copy; returns the parsed objects. */
export function render(copyDir, target, command = kustomizeCommand()) {
  let dir = path.join(copyDir, 'overlays', target.overlay);
  if (target.component) {
    const composed = path.join(copyDir, 'overlays', `${target.overlay}+${target.component}`);
    fs.cpSync(dir, composed, { recursive: true });
    const file = path.join(composed, 'kustomization.yaml');
    const kustomization = yaml.load(fs.readFileSync(file, 'utf8'));
    kustomization.components = [...(kustomization.components || []), `../../components/${target.component}`];
    // As docs/deploy.md says: a workload that KEDA scales leaves the overlay's `replicas` list.
    const scaled = scaledTargets(path.join(copyDir, 'components', target.component));
    if (kustomization.replicas) kustomization.replicas = kustomization.replicas.filter((r) => !scaled.has(r.name));
    fs.writeFileSync(file, yaml.dump(kustomization));
    dir = composed;
  }
  let out;
  try {
    out = execFileSync(command.bin, [...command.args, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${command.bin} ${command.args.join(' ')} ${target.name} failed:\n${e.stderr || e.message}`);
  }
  return yaml.loadAll(out).filter((doc) => doc && typeof doc === 'object');
}
