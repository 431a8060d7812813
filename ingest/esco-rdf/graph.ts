/**
 * ESCO RDF (an RDF dump or SPARQL CONSTRUCT answers) -> ParsedEsco. Triples are fed one at a time
 * (`add`), and only what the tables need is kept, in compact maps keyed by subject: nothing like a
 * full triple store is built, so the 6.5-million-triple dump streams through in bounded memory.
 * Literals in languages not asked for are dropped as they arrive.
 *
 * ESCO model / SKOS terms read (see docs/esco-sources.md):
 *   rdf:type esco:Occupation | esco:ISCOGroup | esco:Skill | esco:SkillGroup
 *   skos:prefLabel / skos:altLabel / skos:hiddenLabel (and their SKOS-XL forms, skosxl:literalForm)
 *   dcterms:description, skos:definition, skos:scopeNote: a literal, or a node with
 *     esco:nodeLiteral + esco:language (as the ESCO dump writes them)
 *   skos:notation (ISCO and ESCO codes), skos:broader, iso-thes:status, dcterms:modified,
 *   esco:regulatedProfessionNote, esco:skillType, esco:skillReuseLevel,
 *   esco:relatedEssentialSkill / esco:relatedOptionalSkill (occupation -> skill and skill -> skill),
 *   their inverses esco:isEssentialSkillFor / esco:isOptionalSkillFor, and the association pattern
 *   esco:Relationship (esco:isRelationshipFor, esco:refersConcept, esco:hasRelationshipType).
 */
import type { EscoBroader, EscoIscoGroup, EscoOccupation, EscoOccupationSkill, EscoSkill, EscoSkillGroup, EscoSkillSkillRelation, EscoTextsByLang, ParsedEsco } from '../../data/esco-model.js';
import { completeParsedEsco, conceptTypeFromUri, conceptTypes, iscoCodeFromUri, reuseLevelName, skillTypeName } from '../esco-api/normalise.js';
import { englishFirst, makeTexts, textOrNull } from '../esco/normalise.js';
import { P, classKind, isNoteField, labelProps, noteProps, scalarProps, xlLabelProps, type Kind, type LabelField, type LangTexts, type NoteField, type PendingNode, type QuadLike } from './vocabulary.js';

export interface CollectOptions {
  /** Languages to keep; empty or absent: every language found ('en' first, as the CSV reader does). */
  languages?: string[];
}

export class EscoGraphCollector {
  private readonly wanted: Set<string> | null;
  private readonly kinds = new Map<string, Set<Kind>>();
  private readonly texts = new Map<string, Map<string, LangTexts>>();
  private readonly scalars = new Map<string, Record<string, string>>();
  private readonly broaderEdges: [string, string][] = [];
  private readonly related: [string, 'essential' | 'optional', string][] = [];
  /**
   * Intermediate nodes (description nodes, SKOS-XL labels) until both their text and the concept
   * pointing at them are known; then the text is filed and the node forgotten, so memory holds only
   * the nodes whose other half has not arrived yet.
   */
  private readonly nodes = new Map<string, PendingNode>();
  private readonly relationships = new Map<string, { from?: string; to?: string; type?: string }>();
  private readonly languagesSeen = new Set<string>();
  triples = 0;

  constructor(opts: CollectOptions = {}) {
    this.wanted = opts.languages?.length ? new Set(opts.languages) : null;
  }

  private keepLang(lang: string): boolean {
    return this.wanted === null || this.wanted.has(lang);
  }

  private langTexts(s: string, lang: string): LangTexts {
    let byLang = this.texts.get(s);
    if (!byLang) this.texts.set(s, (byLang = new Map()));
    let t = byLang.get(lang);
    if (!t) byLang.set(lang, (t = { pref: null, alt: [], hidden: [], description: null, definition: null, scopeNote: null }));
    return t;
  }

  private setLabel(s: string, field: LabelField, value: string, lang: string): void {
    if (!lang || !this.keepLang(lang)) return;
    this.languagesSeen.add(lang);
    const t = this.langTexts(s, lang);
    if (field === 'pref') t.pref ??= value;
    else if (!t[field].includes(value)) t[field].push(value);
  }

  private setNote(s: string, field: NoteField, value: string, lang: string): void {
    if (!lang || !this.keepLang(lang)) return;
    this.languagesSeen.add(lang);
    const t = this.langTexts(s, lang);
    t[field] ??= value;
  }

  add(q: QuadLike): void {
    this.triples++;
    const s = q.subject.value;
    const p = q.predicate.value;
    const o = q.object;
    if (p === P.type) {
      const kind = classKind.get(o.value);
      if (kind) {
        let set = this.kinds.get(s);
        if (!set) this.kinds.set(s, (set = new Set()));
        set.add(kind);
      }
      return;
    }
    const label = labelProps.get(p);
    if (label) {
      if (o.termType === 'Literal') this.setLabel(s, label, o.value, o.language ?? '');
      return;
    }
    const xl = xlLabelProps.get(p);
    if (xl) {
      this.pointAt(o.value, s, xl);
      return;
    }
    const note = noteProps.get(p);
    if (note) {
      if (o.termType === 'Literal') this.setNote(s, note, o.value, o.language ?? '');
      else this.pointAt(o.value, s, note);
      return;
    }
    if (p === P.nodeLiteral || p === P.literalForm || p === P.language) {
      const n = this.nodes.get(s) ?? {};
      if (p === P.language) n.lang ??= o.value;
      else {
        n.text ??= o.value;
        if (o.language) n.lang ??= o.language;
      }
      this.nodes.set(s, n);
      this.settle(s, n);
      return;
    }
    const scalar = scalarProps.get(p);
    if (scalar) {
      let rec = this.scalars.get(s);
      if (!rec) this.scalars.set(s, (rec = {}));
      rec[scalar] ??= o.value;
      return;
    }
    switch (p) {
      case P.broader:
        this.broaderEdges.push([s, o.value]);
        return;
      case P.relatedEssentialSkill:
        this.related.push([s, 'essential', o.value]);
        return;
      case P.relatedOptionalSkill:
        this.related.push([s, 'optional', o.value]);
        return;
      case P.isEssentialSkillFor:
        this.related.push([o.value, 'essential', s]);
        return;
      case P.isOptionalSkillFor:
        this.related.push([o.value, 'optional', s]);
        return;
      case P.isRelationshipFor:
      case P.refersConcept:
      case P.hasRelationshipType: {
        const r = this.relationships.get(s) ?? {};
        if (p === P.isRelationshipFor) r.from = o.value;
        else if (p === P.refersConcept) r.to = o.value;
        else r.type = o.value;
        this.relationships.set(s, r);
        return;
      }
      default:
    }
  }

  private pointAt(node: string, subject: string, field: NoteField | LabelField): void {
    const n = this.nodes.get(node) ?? {};
    (n.refs ??= []).push([subject, field]);
    this.nodes.set(node, n);
    this.settle(node, n);
  }

  /** Files a node's text with the concepts pointing at it once both are known, then drops the node. */
  private settle(id: string, n: PendingNode): void {
    if (n.text === undefined || n.lang === undefined || !n.refs) return;
    for (const [subject, field] of n.refs) {
      if (isNoteField(field)) this.setNote(subject, field, n.text, n.lang);
      else this.setLabel(subject, field, n.text, n.lang);
    }
    this.nodes.delete(id);
  }

  /** Languages kept: those asked for, else every language seen ('en' first, then alphabetical). */
  languages(): string[] {
    if (this.wanted) return [...this.wanted];
    return englishFirst([...this.languagesSeen].sort());
  }

  /** Counts for progress and sanity checks. */
  counts(): Record<Kind, number> {
    const c: Record<Kind, number> = { occupation: 0, isco: 0, skill: 0, skillGroup: 0 };
    for (const [, set] of this.kinds) c[this.kindOf(set)]++;
    return c;
  }

  /** A concept typed both Skill and SkillGroup counts as a group (the hierarchy's inner nodes). */
  private kindOf(set: Set<Kind>): Kind {
    if (set.has('isco')) return 'isco';
    if (set.has('occupation')) return 'occupation';
    if (set.has('skillGroup')) return 'skillGroup';
    return 'skill';
  }

  build(version: string | null): ParsedEsco {
    // Nodes still pending never got a text or a language (or nothing points at them): nothing to file.
    // The relations are gathered here, not pushed onto the collector: build() leaves it as it was,
    // so a second call gives the same answer.
    const related = [...this.related];
    for (const r of this.relationships.values()) {
      if (r.from && r.to && r.type) related.push([r.from, /optional/i.test(r.type) ? 'optional' : 'essential', r.to]);
    }

    const languages = this.languages();
    const kind = new Map<string, Kind>();
    for (const [s, set] of this.kinds) kind.set(s, this.kindOf(set));
    /** A kind's concepts in URI order: the lists built from them come out sorted, whatever order the triples came in. */
    const subjects = (k: Kind) => [...kind].filter(([, v]) => v === k).map(([s]) => s).sort();
    const sc = (s: string, key: string): string | null => textOrNull(this.scalars.get(s)?.[key]);
    const textsOf = (s: string): EscoTextsByLang => {
      const out: EscoTextsByLang = {};
      const byLang = this.texts.get(s);
      for (const lang of languages) {
        const t = byLang?.get(lang);
        if (!t?.pref) continue;
        out[lang] = makeTexts({ preferredLabel: t.pref, altLabels: t.alt, hiddenLabels: t.hidden, description: t.description, definition: t.definition, scopeNote: t.scopeNote });
      }
      return out;
    };
    const typeName = (uri: string): string | null => {
      const k = kind.get(uri);
      return k ? conceptTypes[k] : conceptTypeFromUri(uri);
    };

    const broader: EscoBroader[] = [];
    const parentsOf = new Map<string, string[]>();
    for (const [c, b] of this.broaderEdges) {
      const ct = typeName(c);
      // Only the four pillars' concepts; skos:broader also links qualifications, NACE codes and such.
      if (!ct || !kind.has(c)) continue;
      const bt = typeName(b) ?? ct;
      broader.push({ conceptUri: c, conceptType: ct, broaderUri: b, broaderType: bt });
      parentsOf.set(c, [...(parentsOf.get(c) ?? []), b]);
    }

    const iscoGroups: EscoIscoGroup[] = subjects('isco').map((uri) => ({
      uri,
      code: sc(uri, 'notation') ?? iscoCodeFromUri(uri) ?? '',
      status: sc(uri, 'status'),
      texts: textsOf(uri),
    }));
    const iscoCode = new Map(iscoGroups.map((g) => [g.uri, g.code]));
    /** The ISCO group above an occupation: up through broader occupations to the first ISCO group. */
    const iscoAbove = (uri: string): string | null => {
      const seen = new Set<string>();
      const queue = [...(parentsOf.get(uri) ?? [])];
      while (queue.length) {
        const p = queue.shift()!;
        if (seen.has(p)) continue;
        seen.add(p);
        if (iscoCode.has(p)) return iscoCode.get(p)!;
        const fromUri = iscoCodeFromUri(p);
        if (fromUri) return fromUri;
        queue.push(...(parentsOf.get(p) ?? []));
      }
      return null;
    };

    const occupations: EscoOccupation[] = subjects('occupation').map((uri) => {
      const code = sc(uri, 'notation');
      return {
        uri,
        code,
        iscoGroup: iscoAbove(uri) ?? (code ? code.split('.')[0]! : null),
        status: sc(uri, 'status'),
        modifiedDate: sc(uri, 'modified'),
        regulatedProfessionNote: sc(uri, 'regulatedProfessionNote'),
        texts: textsOf(uri),
      };
    });
    const skills: EscoSkill[] = subjects('skill').map((uri) => ({
      uri,
      skillType: skillTypeName(sc(uri, 'skillType')),
      reuseLevel: reuseLevelName(sc(uri, 'reuseLevel')),
      status: sc(uri, 'status'),
      modifiedDate: sc(uri, 'modified'),
      texts: textsOf(uri),
    }));
    const skillGroups: EscoSkillGroup[] = subjects('skillGroup').map((uri) => ({
      uri,
      code: sc(uri, 'notation'),
      status: sc(uri, 'status'),
      texts: textsOf(uri),
    }));

    const skillTypeOf = new Map(skills.map((s) => [s.uri, s.skillType]));
    const occupationSkills: EscoOccupationSkill[] = [];
    const skillSkillRelations: EscoSkillSkillRelation[] = [];
    for (const [from, relationType, to] of related) {
      const k = kind.get(from);
      if (k === 'occupation') occupationSkills.push({ occupationUri: from, skillUri: to, relationType, skillType: skillTypeOf.get(to) ?? null });
      else if (k === 'skill') skillSkillRelations.push({ originalSkillUri: from, relationType, relatedSkillUri: to });
    }

    return completeParsedEsco({ version, languages, occupations, iscoGroups, skills, skillGroups, occupationSkills, broader, skillSkillRelations });
  }
}
