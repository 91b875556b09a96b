/** Independent check of a webhook payload against Slack's documented Block Kit limits. */
export function slackLimitViolations(payload: any): string[] {
  const v: string[] = [];
  const blocks: any[] = [...(payload.blocks ?? []), ...(payload.attachments ?? []).flatMap((a: any) => a.blocks ?? [])];
  if (blocks.length > 50) v.push(`${blocks.length} blocks > 50`);
  if (typeof payload.text !== 'string' || payload.text.length === 0) v.push('missing top-level text');
  if ((payload.text ?? '').length > 40_000) v.push('text > 40000');
  // Slack reads &, < and > as control characters in every mrkdwn text, the top-level text included:
  // the only control sequence the notifier makes is its date token; anything else is escaped.
  const mrkdwn: string[] = [payload.text ?? ''];
  for (const b of blocks) {
    if (b.text?.type === 'mrkdwn') mrkdwn.push(b.text.text);
    for (const f of b.fields ?? []) if (f.type === 'mrkdwn') mrkdwn.push(f.text);
    for (const e of b.elements ?? []) if (e.type === 'mrkdwn') mrkdwn.push(e.text);
  }
  for (const t of mrkdwn) {
    const bare = t.replace(/<!date\^\d+\^[^|>]*\|[^<>]*>/g, '');
    const raw = bare.match(/[<>]|&(?!amp;|lt;|gt;)/);
    if (raw) v.push(`unescaped ${raw[0]} in mrkdwn text: ${JSON.stringify(t.slice(Math.max(0, raw.index! - 40), raw.index! + 40))}`);
  }
  for (const [i, b] of blocks.entries()) {
    const at = `block ${i} (${b.type})`;
    if (b.type === 'header') {
      if (b.text.type !== 'plain_text') v.push(`${at}: header must be plain_text`);
      if (b.text.text.length > 150) v.push(`${at}: ${b.text.text.length} > 150`);
    } else if (b.type === 'section') {
      if (!b.text && !b.fields) v.push(`${at}: no text or fields`);
      if (b.text && b.text.text.length > 3000) v.push(`${at}: text ${b.text.text.length} > 3000`);
      if (b.fields && b.fields.length > 10) v.push(`${at}: ${b.fields.length} fields > 10`);
      for (const f of b.fields ?? []) if (f.text.length > 2000) v.push(`${at}: field ${f.text.length} > 2000`);
    } else if (b.type === 'context') {
      if (b.elements.length > 10) v.push(`${at}: ${b.elements.length} elements > 10`);
    } else if (b.type === 'actions') {
      if (b.elements.length > 25) v.push(`${at}: ${b.elements.length} elements > 25`);
      for (const e of b.elements) {
        if (e.text.text.length > 75) v.push(`${at}: button text > 75`);
        if (e.url.length > 3000) v.push(`${at}: button url > 3000`);
      }
    } else if (b.type !== 'divider') v.push(`${at}: unexpected block type`);
  }
  return v;
}

/** All mrkdwn/plain text of a payload, joined (for "contains" assertions). */
export function allText(payload: any): string {
  const blocks: any[] = [...(payload.blocks ?? []), ...(payload.attachments ?? []).flatMap((a: any) => a.blocks ?? [])];
  const parts: string[] = [payload.text ?? ''];
  for (const b of blocks) {
    if (b.text) parts.push(b.text.text);
    for (const f of b.fields ?? []) parts.push(f.text);
    for (const e of b.elements ?? []) parts.push(e.text?.text ?? e.text ?? '', e.url ?? '');
  }
  return parts.join('\n');
}

export function fieldsOf(payload: any): Record<string, string> {
  const blocks: any[] = (payload.attachments ?? []).flatMap((a: any) => a.blocks ?? []);
  const out: Record<string, string> = {};
  for (const b of blocks) {
    for (const f of b.fields ?? []) {
      const m = /^\*([^*]+)\*\n([\s\S]*)$/.exec(f.text);
      if (m) out[m[1]] = m[2];
    }
    if (b.type === 'section' && b.text) {
      const m = /^\*([^*]+)\*\n([\s\S]*)$/.exec(b.text.text);
      if (m) out[m[1]] = m[2];
    }
  }
  return out;
}

export function buttonsOf(payload: any): Record<string, string> {
  const blocks: any[] = (payload.attachments ?? []).flatMap((a: any) => a.blocks ?? []);
  return Object.fromEntries(blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => [e.text.text, e.url])));
}
