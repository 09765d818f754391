import type { Polarity } from './api.ts';

type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children; text children are never parsed as HTML. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

export function button(
  label: Child,
  onClick: () => void,
  attributes: Record<string, string> = {},
): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** "DIRECT_QUOTE" as "direct quote". */
export function words(constant: string): string {
  return constant.toLowerCase().replace(/_/g, ' ');
}

/** The type name a global id stands for ("Claim", "Person"...): ids are base64 of "Type:key". */
export function typeOfId(id: string): string {
  try {
    return atob(id).split(':', 1)[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * A claim in one line. The proposition of a denial is what is denied: on its own it reads as
 * the speaker's assertion, so the line says so first.
 */
export function claimLine(claim: {
  proposition: string;
  attributions: readonly { polarity: Polarity }[];
}): string {
  const denied = claim.attributions.filter((attribution) => attribution.polarity === 'NEGATIVE');
  if (denied.length === 0) return claim.proposition;
  return `${denied.length < claim.attributions.length ? 'Said and denied' : 'Denied'}: ${claim.proposition}`;
}
