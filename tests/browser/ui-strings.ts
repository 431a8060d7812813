/**
 * Finds UI text written into the browser code instead of taken from the message catalogue: string
 * and template literals with words in them, where they become visible or spoken text — children of
 * h()/append()/replace(), textContent/innerHTML/title assignments, aria-label/title/placeholder/alt
 * attributes, and the text fields of chart specs and search boxes. Used by tests/browser/i18n.test.ts;
 * a separate module so the scan itself can be tested on small samples.
 */
import ts from 'typescript';

/** Attributes whose value is read out or shown. */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'title', 'placeholder', 'alt']);
/** Properties that end up as visible text: element properties, and fields of ChartSpec and search box options. */
const TEXT_PROPERTIES = new Set(['textContent', 'innerHTML', 'innerText', 'outerHTML', 'title', 'placeholder', 'ariaLabel', 'alt']);
const TEXT_FIELDS = new Set(['title', 'unit', 'reading', 'subject', 'phrase', 'label', 'aria-label', 'placeholder']);
/** DOM helpers whose arguments after the first `skip` are children. */
const CHILD_CALLS: Record<string, number> = { h: 2, append: 1, replace: 1 };
const CHILD_METHODS = new Set(['append', 'prepend', 'replaceChildren', 'before', 'after', 'insertAdjacentText', 'insertAdjacentHTML']);
/** Words: two letters in a row (a lone '×', '·', '–' or '%' is punctuation, not language). */
const WORDS = /\p{L}{2,}/u;

export interface Finding {
  file: string;
  line: number;
  text: string;
}

/** The literal text pieces an expression can evaluate to, through ?:, +, ??, || and parentheses (a call such as t() gives none). */
function literalTexts(expr: ts.Expression): string[] {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isTemplateExpression(expr)) return [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) return literalTexts(expr.expression);
  if (ts.isConditionalExpression(expr)) return [...literalTexts(expr.whenTrue), ...literalTexts(expr.whenFalse)];
  if (ts.isBinaryExpression(expr) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(expr.operatorToken.kind)) {
    return [...literalTexts(expr.left), ...literalTexts(expr.right)];
  }
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => (ts.isSpreadElement(e) ? [] : literalTexts(e)));
  return [];
}

const propertyName = (name: ts.PropertyName): string | undefined => (ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined);

/** Every piece of UI text in `source` (a TypeScript file's text) that does not come from the catalogue. */
export function untranslatedTexts(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const findings: Finding[] = [];
  const report = (expr: ts.Expression) => {
    for (const text of literalTexts(expr)) {
      if (WORDS.test(text)) findings.push({ file, line: sf.getLineAndCharacterOfPosition(expr.getStart(sf)).line + 1, text });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const args = [...node.arguments];
      if (ts.isIdentifier(callee) && callee.text in CHILD_CALLS) {
        // <code> holds commands (npx lmi status): the same in every language.
        const tag = args[0] && ts.isStringLiteral(args[0]) ? args[0].text : '';
        if (tag !== 'code') args.slice(CHILD_CALLS[callee.text]).forEach(report);
      } else if (ts.isPropertyAccessExpression(callee) && CHILD_METHODS.has(callee.name.text)) {
        args.forEach(report);
      } else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'setAttribute' && args[0] && ts.isStringLiteral(args[0]) && TEXT_ATTRIBUTES.has(args[0].text) && args[1]) {
        report(args[1]);
      } else if (ts.isIdentifier(callee) && (callee.text === 'ApiError' || callee.text === 'Error')) {
        // new ApiError(status, message) is handled below; a thrown Error is a programming error, not UI.
      }
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'ApiError' && node.arguments?.[1]) report(node.arguments[1]);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && TEXT_PROPERTIES.has(node.left.name.text)) {
      report(node.right);
    }
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && (TEXT_FIELDS.has(name) || TEXT_ATTRIBUTES.has(name))) report(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}
