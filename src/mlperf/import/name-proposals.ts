/** Proposed rows of the mapping table for unknown accelerator names, for a person to review. */
import type { AcceleratorName, AcceleratorNameMap } from './mapping-tables.ts';
import type { UnknownName } from './summary-import.ts';
import { compareText } from './text-order.ts';

/**
 * An accelerator_id proposed for a published name, in the style of the mapping table: lower-case kebab, vendor
 * and part and memory ("NVIDIA B300-SXM-270GB" → nvidia-b300-sxm-270gb), without trademark signs or the memory
 * type (HBM3e, GDDR7). One count in brackets ("… (x87)") is left out (the part is the same); several make a mix
 * ("mix-…", counts kept), as for the heterogeneous clusters already in the table.
 */
export function proposedAcceleratorId(name: string): string {
  const counts = [...name.matchAll(/\(x\d+\)/g)].length;
  let t = name.toLowerCase().replace(/\((r|tm)\)|[®™]/g, ' ').replace(/\b(hbm\d*e?|gddr\d*x?)\b/g, ' ');
  t = counts > 1 ? t.replace(/\(x(\d+)\)/g, ' x$1 ').replace(/\band\b/g, ' ') : t.replace(/\(x\d+\)/g, ' ');
  const slug = t.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug === '') return 'unnamed';
  return counts > 1 ? `mix-${slug}` : slug;
}

/**
 * Rows of the mapping table proposed for the unknown names of a round, for a person to review (never applied
 * by the importer). accelerator_id: the id of a known name that contains this one or that this one contains, as
 * whole words (a vendor prefix, a "(Power Cap …)" after the part), when there is one such id; else
 * proposedAcceleratorId. spec_name only where the specification table clearly
 * has the part: the spec_name the mapping table already gives that id, or else the one row of accelerators.csv
 * every word of whose name is in the published name; empty otherwise (and always for a mix). note: that the row is
 * proposed, with the record count, an example result ID and system, and what the proposal rests on.
 */
export function proposeAcceleratorNames(unknown: readonly UnknownName[], round: string, names: AcceleratorNameMap, specNames: readonly string[]): AcceleratorName[] {
  const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  // A known name inside the unknown one, or the unknown one inside a known name, as whole words (a vendor prefix,
  // a "Virtualized" or "(Power Cap …)" around the same part name); "NVIDIA L40" is not inside "NVIDIA L40S".
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const within = (part: string, whole: string) => new RegExp(`(^|[^a-z0-9])${escaped(part.toLowerCase())}($|[^a-z0-9])`).test(whole.toLowerCase());
  return unknown.map((u) => {
    let id = proposedAcceleratorId(u.name);
    const mix = id.startsWith('mix-');
    const basis: string[] = [];
    if (!mix && ![...names.values()].some((n) => n.accelerator_id === id)) {
      const around = [...names.values()]
        .filter((n) => n.name.length >= 6 && n.accelerator_id !== 'none' && !n.accelerator_id.startsWith('mix-') && (within(n.name, u.name) || within(u.name, n.name)))
        .sort((a, b) => b.name.length - a.name.length || compareText(a.name, b.name));
      if (around.length > 0 && new Set(around.map((n) => n.accelerator_id)).size === 1) {
        id = around[0]!.accelerator_id;
        basis.push(`one of the names ${JSON.stringify(around[0]!.name)} and this contains the other: proposed as the same part (id ${id}); check it is not a different variant`);
      }
    }
    const sameId = [...names.values()].filter((n) => n.accelerator_id === id);
    let spec = '';
    const count = /\(x(\d+)\)/.exec(u.name);
    if (mix) basis.push('several counted parts: a heterogeneous mix, with an id of its own and no spec_name');
    else if (count) basis.push(`the count in the name (x${count[1]}) is left out of the id: check it against the record's accelerator count`);
    if (sameId.length > 0) {
      if (basis.every((b) => !b.startsWith('one of the names'))) basis.push(`same id as ${sameId.map((n) => JSON.stringify(n.name)).join(', ')}: check that it is the same part (model, form factor, memory)`);
      const specs = [...new Set(sameId.map((n) => n.spec_name))];
      if (specs.length === 1 && specs[0] !== '') spec = specs[0]!;
    } else if (!mix) {
      const nameWords = new Set(words(u.name));
      const found = specNames.filter((sn) => words(sn).length > 0 && words(sn).every((w) => nameWords.has(w)));
      if (found.length === 1) {
        spec = found[0]!;
        basis.push(`new id; spec_name: every word of accelerators.csv's "${spec}" is in the name`);
      } else {
        basis.push(`new id; accelerators.csv has no row that is clearly this part${found.length > 1 ? ` (several match: ${found.join('; ')})` : ''}`);
      }
    }
    const records = `${u.count} ${round} datacenter record${u.count === 1 ? '' : 's'}`;
    const example = `e.g. ${u.example.id} (${u.example.submitter}: ${u.example.system})`;
    return { name: u.name, accelerator_id: id, spec_name: spec, note: `PROPOSED for review (import:mlperf): ${records}, ${example}; ${basis.join('; ')}` };
  });
}
