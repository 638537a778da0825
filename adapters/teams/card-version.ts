/**
 * The lowest Adaptive Card version a card needs, from what it uses: a client older than that shows
 * the card's `fallbackText` instead. Versions as the schema of each release marks them.
 */
export type CardVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4' | '1.5';

const BY_TYPE: Record<string, CardVersion> = {
  RichTextBlock: '1.2',
  TextRun: '1.2',
  ActionSet: '1.2',
  'Action.ToggleVisibility': '1.2',
  'Action.Execute': '1.4',
  Table: '1.5',
};

/** Properties newer than the element that carries them. */
const BY_PROPERTY: Record<string, CardVersion> = {
  fontType: '1.2',
  isVisible: '1.2',
  height: '1.1',
  selectAction: '1.1',
  fallback: '1.2',
};

const ORDER: CardVersion[] = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'];

export function requiredVersion(card: unknown): CardVersion {
  let found = 0;
  const need = (v: CardVersion | undefined) => {
    if (v) found = Math.max(found, ORDER.indexOf(v));
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      if (typeof node.type === 'string') need(BY_TYPE[node.type]);
      for (const [key, v] of Object.entries(node)) {
        if (key === 'msteams') continue;
        need(BY_PROPERTY[key]);
        walk(v);
      }
    }
  };
  walk(card);
  return ORDER[found] as CardVersion;
}
