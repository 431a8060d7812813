import { codeLabel } from '../../data/eurostat-labels.js';

/**
 * The label the linked views show for a code: the dataset's own label, or -- when the dataset was
 * loaded without labels (its label is the code) -- Eurostat's wording from the one table in
 * data/eurostat-labels.ts, so an adviser reads "15 years or over", not "Y_GE15".
 */
export function labelFor(dimension: string, code: string, datasetLabel: string | undefined): string {
  if (datasetLabel !== undefined && datasetLabel !== code) return datasetLabel;
  return codeLabel(dimension, code);
}
