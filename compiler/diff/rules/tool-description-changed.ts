import type { Rule } from '../types.js';

export const toolDescriptionChanged: Rule = {
  id: 'tool-description-changed',
  level: 'warning',
  category: 'tools',
  doc: 'A tool description changed: it is part of the prompt, so it changes when and how agents call the tool.',
  check(_base, _head, ctx) {
    return ctx.tools.pairs
      .filter((p) => p.base.description !== p.head.description)
      .map((p) => ({
        subject: p.head.name,
        subjectKind: 'tool',
        message: `description: ${quote(p.base.description)} → ${quote(p.head.description)}`,
      }));
  },
};

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine);
}
