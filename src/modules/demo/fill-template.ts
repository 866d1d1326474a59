/**
 * Fills "{token}" placeholders in the demo generator's sentence templates. An unknown token is a
 * bug in a template, so it throws instead of leaving braces in generated text.
 */

const tokenPattern = /\{(\w+)\}/g;

/** Replaces every {name} in the template with tokens[name]. */
export function fillTemplate(template: string, tokens: Readonly<Record<string, string>>): string {
  return template.replace(tokenPattern, (_, name: string) => {
    const value = tokens[name];
    if (value === undefined) throw new Error(`demo template token {${name}} has no value: ${template}`);
    return value;
  });
}
