export interface NamedWorkspace {
  id: string;
  slug: string;
  name: string;
}

/** The workspace named (slug or name, case-insensitive), else the closest few to suggest. */
export function matchWorkspace<W extends NamedWorkspace>(query: string, workspaces: W[], suggestions = 3): { match: W } | { closest: W[] } {
  const q = query.trim().toLowerCase();
  const exact = workspaces.find((w) => w.slug.toLowerCase() === q || w.name.toLowerCase() === q);
  if (exact) return { match: exact };
  const scored = workspaces.map((w) => ({ w, score: Math.min(distance(q, w.slug.toLowerCase()), distance(q, w.name.toLowerCase())) }));
  // A name that contains what was typed ("dental" in "Acme Dental") ranks ahead of mere edit distance.
  for (const s of scored) if (s.w.slug.toLowerCase().includes(q) || s.w.name.toLowerCase().includes(q)) s.score -= 100;
  scored.sort((a, b) => a.score - b.score || a.w.name.localeCompare(b.w.name));
  // Only plausible typos when there are some; else the first few, so the reader sees real names.
  const near = scored.filter((s) => s.score <= Math.max(2, Math.ceil(q.length / 3)));
  return { closest: (near.length ? near : scored).slice(0, suggestions).map((s) => s.w) };
}

/** Levenshtein distance. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
