import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { rating6, studyDesignSchema, type StudyDesign } from '../study/design.ts';
import { hashPin } from '../study/studies.ts';
import type { Answer, CaseView, Phase, ReadingSession, SubmitResult } from '../../contract.ts';

export interface SubmitInput extends Answer {
  session: string;
  token: string;
  firstAnswerMs: number | null;
  totalMs: number;
  timedOut: boolean;
}

interface SlotRow {
  reader_id: number;
  phase: Phase;
  position: number;
  case_id: number;
  token: string;
}

/** How far ahead of the first unanswered case the renderer may fetch (prefetch). */
const PREFETCH_AHEAD = 3;

export class ReadingDesk {
  private sessions = new Map<string, number>();
  private visits = new Map<string, number>();

  constructor(private readonly db: Db) {}

  open(readerId: number, pin: string | null): ReadingSession {
    const reader = this.db.prepare('SELECT r.id, r.name, r.language, r.pin_hash, r.pin_salt, s.name AS study FROM readers r JOIN studies s ON s.id = r.study_id WHERE r.id = ?')
      .get(readerId) as { id: number; name: string; language: string; pin_hash: Buffer | null; pin_salt: Buffer | null; study: string } | undefined;
    if (!reader) throw new Error(`no reader ${readerId}`);
    if (reader.pin_hash && reader.pin_salt) {
      const given = hashPin(pin ?? '', reader.pin_salt);
      if (!timingSafeEqual(given, reader.pin_hash)) throw new Error('wrong PIN');
    }
    const session = randomBytes(16).toString('hex');
    this.sessions.set(session, readerId);
    const design = this.design(readerId);
    return {
      session,
      readerName: reader.name,
      language: reader.language,
      studyName: reader.study,
      design: { format: design.format, defaultPreset: design.defaultPreset, questions: design.questions, options: design.options },
      trainingTotal: this.count(readerId, 'training'),
      total: this.count(readerId, 'study'),
      next: this.firstUnanswered(readerId),
    };
  }

  private readerOf(session: string): number {
    const id = this.sessions.get(session);
    if (id === undefined) throw new Error('reading session expired: choose your profile again');
    return id;
  }

  private count(readerId: number, phase: Phase): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM reader_cases WHERE reader_id = ? AND phase = ?').get(readerId, phase) as { n: number }).n;
  }

  private firstUnanswered(readerId: number): { phase: Phase; position: number } | null {
    for (const phase of ['training', 'study'] as const) {
      const row = this.db.prepare(
        'SELECT rc.position FROM reader_cases rc LEFT JOIN scores s ON s.reader_id = rc.reader_id AND s.phase = rc.phase AND s.position = rc.position WHERE rc.reader_id = ? AND rc.phase = ? AND s.id IS NULL ORDER BY rc.position LIMIT 1',
      ).get(readerId, phase) as { position: number } | undefined;
      if (row) return { phase, position: row.position };
    }
    return null;
  }

  /** A case of the reader's own order. `prefetch` fetches ahead without counting a visit. */
  getCase(session: string, phase: Phase, position: number, prefetch: boolean): CaseView {
    const readerId = this.readerOf(session);
    const next = this.firstUnanswered(readerId);
    const design = this.design(readerId);
    const allowBack = design.options.allowBack;
    const frontier = next === null ? Infinity : next.phase === phase ? next.position : phase === 'training' ? Infinity : -1;
    if (position > frontier + PREFETCH_AHEAD || (position > frontier && !prefetch)) throw new Error('that case is not reached yet');
    const slot = this.db.prepare('SELECT rc.*, c.width, c.height, c.depth FROM reader_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.reader_id = ? AND rc.phase = ? AND rc.position = ?')
      .get(readerId, phase, position) as (SlotRow & { width: number; height: number; depth: number }) | undefined;
    if (!slot) throw new Error(`no case at ${phase} position ${position + 1}`);
    const score = this.score(readerId, phase, position);
    if (score && !allowBack && !prefetch && position < frontier) throw new Error('this study does not allow going back to answered cases');
    if (!prefetch) {
      if (score) this.db.prepare('UPDATE scores SET visits = visits + 1 WHERE id = ?').run(score.id);
      else this.visits.set(slot.token, (this.visits.get(slot.token) ?? 0) + 1);
    }
    const { format } = design;
    return {
      token: slot.token, phase, position, total: this.count(readerId, phase),
      width: slot.width, height: slot.height, depth: slot.depth,
      pixelSpacingMm: format.pixelSpacingMm, sliceThicknessMm: format.sliceThicknessMm,
      answer: score ? { realism: score.realism, call: score.call, confidence: score.confidence, freeText: score.free_text, roi: score.roi ? JSON.parse(score.roi) : null } : null,
    };
  }

  private parsedDesigns = new Map<string, StudyDesign>();

  /** The reader's study design; parsed once per distinct design text (validation is the costly part). */
  private design(readerId: number): StudyDesign {
    const { design } = this.db.prepare('SELECT s.design FROM readers r JOIN studies s ON s.id = r.study_id WHERE r.id = ?').get(readerId) as { design: string };
    let parsed = this.parsedDesigns.get(design);
    if (!parsed) {
      parsed = studyDesignSchema.parse(JSON.parse(design));
      this.parsedDesigns.set(design, parsed);
    }
    return parsed;
  }

  private score(readerId: number, phase: Phase, position: number) {
    return this.db.prepare('SELECT * FROM scores WHERE reader_id = ? AND phase = ? AND position = ?').get(readerId, phase, position) as
      | { id: number; realism: number | null; call: 'real' | 'synthetic' | null; confidence: 1 | 2 | 3 | null; free_text: string | null; roi: string | null; visits: number }
      | undefined;
  }

  /**
   * Stores an answer durably (its own transaction, synchronous=FULL) before returning,
   * so an acknowledged score survives a crash. An edit keeps the old value in score_history.
   */
  submit(input: SubmitInput): SubmitResult {
    const readerId = this.readerOf(input.session);
    const slot = this.db.prepare('SELECT * FROM reader_cases WHERE reader_id = ? AND token = ?').get(readerId, input.token) as SlotRow | undefined;
    if (!slot) throw new Error('unknown case token for this reader');
    const design = this.design(readerId);
    if (!input.timedOut) {
      if (design.questions.realism && input.realism === null) throw new Error('realism (1–5) is required');
      if (design.questions.realSynthetic && (input.call === null || input.confidence === null)) throw new Error('real/synthetic and a confidence are required');
    }
    const now = new Date().toISOString();
    const values = {
      realism: design.questions.realism ? input.realism : null,
      call: design.questions.realSynthetic ? input.call : null,
      confidence: design.questions.realSynthetic ? input.confidence : null,
      rating6: design.questions.realSynthetic && input.call && input.confidence ? rating6(input.call, input.confidence) : null,
      free_text: design.questions.freeText ? input.freeText : null,
      roi: design.questions.roi && input.roi ? JSON.stringify(input.roi) : null,
    };
    this.db.transaction(() => {
      const existing = this.score(readerId, slot.phase, slot.position);
      if (existing) {
        if (!design.options.allowBack) throw new Error('this study does not allow changing answers');
        this.db.prepare('INSERT INTO score_history (score_id, previous, replaced_at) VALUES (?, ?, ?)').run(existing.id, JSON.stringify(existing), now);
        this.db.prepare('UPDATE scores SET realism = @realism, call = @call, confidence = @confidence, rating6 = @rating6, free_text = @free_text, roi = @roi, total_ms = total_ms + @total_ms, updated_at = @now WHERE id = @id')
          .run({ ...values, total_ms: Math.round(input.totalMs), now, id: existing.id });
      } else {
        this.db.prepare('INSERT INTO scores (reader_id, phase, position, case_id, realism, call, confidence, rating6, free_text, roi, first_answer_ms, total_ms, visits, created_at, updated_at) VALUES (@reader, @phase, @position, @case, @realism, @call, @confidence, @rating6, @free_text, @roi, @first, @total_ms, @visits, @now, @now)')
          .run({ ...values, reader: readerId, phase: slot.phase, position: slot.position, case: slot.case_id, first: input.firstAnswerMs === null ? null : Math.round(input.firstAnswerMs), total_ms: Math.round(input.totalMs), visits: Math.max(1, this.visits.get(slot.token) ?? 1), now });
      }
    })();
    this.visits.delete(slot.token);
    const truth = slot.phase === 'training'
      ? (this.db.prepare('SELECT training_truth FROM cases WHERE id = ?').get(slot.case_id) as { training_truth: 'real' | 'synthetic' }).training_truth
      : null;
    return { next: this.firstUnanswered(readerId), trainingTruth: truth };
  }

  /** Raw int16 little-endian pixels of a case, by token alone (the pixel path has no session). */
  pixels(token: string): Buffer | null {
    const row = this.db.prepare('SELECT c.pixels FROM reader_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.token = ?').get(token) as { pixels: Buffer } | undefined;
    return row?.pixels ?? null;
  }
}
