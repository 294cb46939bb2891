import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, CaseView, ReadingSession, Slot } from '../../electron/contract.ts';
import { errorMessage, mirage } from '../api.ts';
import { cornerstone } from '../viewer/cornerstone-init.ts';
import { imageIdsOf, prepareCase, releaseCase } from '../viewer/image-loader.ts';
import { nextPreset, WINDOW_PRESETS, type PresetName } from '../viewer/presets.ts';
import { middleSlice, Viewport, type ViewportHandle } from '../viewer/Viewport.tsx';
import { Toolbar } from '../viewer/Toolbar.tsx';
import { AnswerPanel } from './AnswerPanel.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

const EMPTY: Answer = { realism: null, call: null, confidence: null, freeText: null, roi: null };
const PREFETCH = 2;
const key = (s: Slot) => `${s.phase}:${s.position}`;

interface Props {
  session: ReadingSession;
  onExit: () => void;
}

/** The reading loop: one case at a time, keyboard-first, every answer stored before the screen moves on. */
export function ReadingScreen({ session, onExit }: Props) {
  const { t } = useTranslation();
  const { questions, options } = session.design;
  const [slot, setSlot] = useState<Slot | null>(session.next);
  const [view, setView] = useState<CaseView | null>(null);
  const [draft, setDraft] = useState<Answer>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [truth, setTruth] = useState<'real' | 'synthetic' | null>(null);
  const [help, setHelp] = useState(false);
  const [intro, setIntro] = useState<'instructions' | 'study' | null>(session.next?.position === 0 && session.next.phase === (session.trainingTotal ? 'training' : 'study') && options.instructions ? 'instructions' : null);
  const [preset, setPreset] = useState<PresetName>(session.design.defaultPreset);
  const [slice, setSlice] = useState(0);
  const [breakDue, setBreakDue] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const viewport = useRef<ViewportHandle>(null);
  const prefetched = useRef(new Map<string, Promise<CaseView>>());
  const shownAt = useRef(performance.now());
  const firstAnswerAt = useRef<number | null>(null);
  const durations = useRef<number[]>([]);

  /** Views whose first image is decoded and ready to draw, by slot. */
  const ready = useRef(new Map<string, CaseView>());
  const current = useRef<CaseView | null>(null);

  const fetchView = useCallback((s: Slot, prefetch: boolean): Promise<CaseView> => {
    const k = key(s);
    let p = prefetched.current.get(k);
    if (!p) {
      p = mirage.getCase({ session: session.session, phase: s.phase, position: s.position, prefetch }).then(async (v) => {
        prepareCase(v.token, { width: v.width, height: v.height, pixelSpacingMm: v.pixelSpacingMm, defaultWindow: WINDOW_PRESETS[session.design.defaultPreset] });
        // Decode the image that will be shown first, so that showing it costs one draw.
        await cornerstone.loadAndCacheImage(imageIdsOf(v.token, v.depth)[middleSlice(v.depth)]);
        if (prefetch) ready.current.set(k, v);
        return v;
      });
      p.catch(() => prefetched.current.delete(k));
      prefetched.current.set(k, p);
    }
    return p;
  }, [session]);

  /** Makes a case the current one: view, empty answer and timers change together. */
  const present = useCallback((v: CaseView, fromPrefetch: boolean) => {
    current.current = v;
    ready.current.delete(key(v));
    setView(v);
    setDraft(v.answer ?? EMPTY);
    shownAt.current = performance.now();
    firstAnswerAt.current = null;
    setSecondsLeft(options.timeLimitSec);
    // A prefetched case was fetched without counting a visit: count it now that it is shown.
    if (fromPrefetch) void mirage.getCase({ session: session.session, phase: v.phase, position: v.position, prefetch: false }).catch(() => undefined);
  }, [session, options.timeLimitSec]);

  // Show the current slot (unless submit already did), then fetch the next ones so that they are ready when Enter is pressed.
  useEffect(() => {
    if (!slot) return;
    let cancelled = false;
    const prefetchAhead = () => {
      const total = slot.phase === 'training' ? session.trainingTotal : session.total;
      for (let ahead = 1; ahead <= PREFETCH; ahead++) {
        const next: Slot | null = slot.position + ahead < total ? { phase: slot.phase, position: slot.position + ahead }
          : slot.phase === 'training' && session.total > 0 ? { phase: 'study', position: slot.position + ahead - total } : null;
        if (next) void fetchView(next, true).catch(() => undefined);
      }
    };
    if (current.current && key(current.current) === key(slot)) {
      prefetchAhead();
      return;
    }
    const wasPrefetched = prefetched.current.has(key(slot));
    fetchView(slot, false).then((v) => {
      if (cancelled) return;
      present(v, wasPrefetched);
      prefetchAhead();
    }).catch((err) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [slot, fetchView, present, session]);

  const complete = (!questions.realism || draft.realism !== null) && (!questions.realSynthetic || (draft.call !== null && draft.confidence !== null));

  const change = useCallback((patch: Partial<Answer>) => {
    firstAnswerAt.current ??= performance.now();
    setDraft((d) => ({ ...d, ...patch }));
  }, []);

  const submit = useCallback(async (timedOut = false) => {
    if (!view || saving || (!complete && !timedOut)) return;
    setSaving(true);
    const now = performance.now();
    try {
      const result = await mirage.submitScore({
        session: session.session, token: view.token, ...draft,
        roi: questions.roi ? viewport.current?.roi() ?? null : null,
        firstAnswerMs: firstAnswerAt.current === null ? null : firstAnswerAt.current - shownAt.current,
        totalMs: now - shownAt.current, timedOut,
      });
      durations.current.push(now - shownAt.current);
      prefetched.current.delete(key(view));
      // The score is stored: show the next case at once when it is already decoded.
      const upcoming = result.next && !result.trainingTruth ? ready.current.get(key(result.next)) : undefined;
      if (upcoming) {
        present(upcoming, true);
        void viewport.current?.show(upcoming);
      }
      if (!options.allowBack) releaseCase(view.token, view.depth, cornerstone.imageCache);
      setError(null);
      if (result.trainingTruth) setTruth(result.trainingTruth);
      if (view.phase === 'training' && result.next?.phase === 'study') setIntro('study');
      setSlot(result.next);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }, [view, saving, complete, session, draft, questions.roi, options.allowBack, present]);

  const goBack = useCallback(() => {
    if (options.allowBack && slot && slot.position > 0) setSlot({ phase: slot.phase, position: slot.position - 1 });
  }, [options.allowBack, slot]);

  // Per-case time limit: when it runs out the case is stored as timed out.
  useEffect(() => {
    if (secondsLeft === null || !view) return;
    if (secondsLeft <= 0) {
      void submit(true);
      return;
    }
    const timer = setTimeout(() => setSecondsLeft((s) => (s === null ? null : s - 1)), 1000);
    return () => clearTimeout(timer);
  }, [secondsLeft, view, submit]);

  // A gentle break reminder after the configured reading time.
  useEffect(() => {
    if (!options.breakReminderMin || breakDue) return;
    const timer = setTimeout(() => setBreakDue(true), options.breakReminderMin * 60_000);
    return () => clearTimeout(timer);
  }, [options.breakReminderMin, breakDue]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!slot) return; // the end screen: its button takes Enter
      if (e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement) {
        if (e.key === 'Enter' && !e.shiftKey && e.target instanceof HTMLTextAreaElement) {
          e.preventDefault();
          void submit();
        }
        return;
      }
      if (help) {
        if (e.key === 'Escape' || e.key === '?') setHelp(false);
        return;
      }
      if (intro || truth) {
        // One Enter per message: the truth of the last training case, then the study's start.
        if (e.key === 'Enter') {
          e.preventDefault();
          if (truth) setTruth(null);
          else setIntro(null);
        }
        return;
      }
      const k = e.key.toLowerCase();
      let handled = true;
      if (questions.realism && ['1', '2', '3', '4', '5'].includes(k)) change({ realism: Number(k) });
      else if (questions.realSynthetic && k === 'r') change({ call: 'real' });
      else if (questions.realSynthetic && k === 's') change({ call: 'synthetic' });
      else if (questions.realSynthetic && ['7', '8', '9'].includes(k)) change({ confidence: (Number(k) - 6) as 1 | 2 | 3 });
      else if (k === 'enter') void submit();
      else if (k === 'w') setPreset((p) => {
        const n = nextPreset(p);
        viewport.current?.setPreset(n);
        return n;
      });
      else if (k === 'arrowup' || k === 'arrowright') viewport.current?.scroll(1);
      else if (k === 'arrowdown' || k === 'arrowleft') viewport.current?.scroll(-1);
      else if (k === 'i') viewport.current?.toggleInvert();
      else if (k === 'escape') viewport.current?.reset();
      else if (k === 'pageup') goBack();
      else if (e.key === '?') setHelp(true);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [slot, questions, change, submit, help, intro, truth, goBack]);

  if (!slot) {
    return (
      <main className="end-screen">
        <h1>{t('reading.done')}</h1>
        <p>{t('reading.doneDetail')}</p>
        <button type="button" onClick={onExit} autoFocus>{t('reader.back')}</button>
      </main>
    );
  }

  const total = slot.phase === 'training' ? session.trainingTotal : session.total;
  const remaining = total - slot.position + (slot.phase === 'training' ? session.total : 0);
  const average = durations.current.length ? durations.current.reduce((a, b) => a + b, 0) / durations.current.length : null;

  return (
    <main className="reading">
      <header className="reading-bar">
        <span className="progress" data-testid="progress">
          {slot.phase === 'training' ? t('reading.training', { current: slot.position + 1, total }) : t('reading.progress', { current: slot.position + 1, total })}
        </span>
        {average !== null && <span className="eta">{t('reading.timeLeft', { minutes: Math.ceil((average * remaining) / 60_000) })}</span>}
        {secondsLeft !== null && <span className="time-limit">{t('reading.timeLimit', { seconds: secondsLeft })}</span>}
        {view && view.depth > 1 && <span className="slice">{t('viewer.slice', { current: slice + 1, total: view.depth })}</span>}
        <button type="button" className="help-button" onClick={() => setHelp(true)} aria-label={t('reading.shortcuts')}>?</button>
        <button type="button" onClick={onExit}>{t('reading.pause')}</button>
      </header>
      {breakDue && (
        <div className="notice" role="status">
          {t('reading.breakReminder', { minutes: options.breakReminderMin })}
          <button type="button" onClick={() => setBreakDue(false)}>{t('reading.dismiss')}</button>
        </div>
      )}
      <div className="reading-body">
        <section className="viewer-pane">
          <Toolbar viewport={viewport} preset={preset} onPreset={(p) => { setPreset(p); viewport.current?.setPreset(p); }} />
          {view && <Viewport ref={viewport} item={view} preset={preset} onSliceChange={setSlice} />}
        </section>
        <aside className="answer-pane">
          <AnswerPanel questions={questions} draft={draft} onChange={change} onSubmit={() => void submit()} complete={complete} saving={saving} />
          {options.allowBack && slot.position > 0 && <button type="button" onClick={goBack}>← <kbd>PgUp</kbd></button>}
          {error && <p className="error" role="alert">{error}</p>}
        </aside>
      </div>
      {truth && (
        <div className="modal" role="dialog">
          <p className={`truth truth-${truth}`}>{truth === 'real' ? t('reading.truthReal') : t('reading.truthSynthetic')}</p>
          <button type="button" onClick={() => setTruth(null)} autoFocus>{t('reading.continue')} <kbd>Enter</kbd></button>
        </div>
      )}
      {intro && !truth && (
        <div className="modal" role="dialog">
          {intro === 'instructions' ? (<><h2>{t('reading.instructions')}</h2><p className="instructions">{options.instructions}</p>{session.trainingTotal > 0 && <p>{t('reading.trainingIntro')}</p>}</>) : <p>{t('reading.studyIntro')}</p>}
          <button type="button" onClick={() => setIntro(null)} autoFocus>{t('reading.begin')} <kbd>Enter</kbd></button>
        </div>
      )}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </main>
  );
}
