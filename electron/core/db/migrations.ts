/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran.
 * Never edit a migration that has shipped: append a new one.
 */
export const migrations: string[] = [
  `
  -- Organizer's library of imported real scans (never shown to readers as such).
  CREATE TABLE library_series (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('dicom', 'nifti', 'phantom')),
    modality TEXT NOT NULL,
    width INTEGER NOT NULL, height INTEGER NOT NULL, depth INTEGER NOT NULL,
    spacing TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  CREATE TABLE generators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    model_path TEXT NOT NULL,
    manifest TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    parent_id INTEGER REFERENCES studies(id),
    design TEXT NOT NULL,
    seal_salt BLOB NOT NULL,
    seal_check BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
  );
  -- A case holds pixels in the study's case format; its truth exists only sealed.
  CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    training INTEGER NOT NULL DEFAULT 0,
    width INTEGER NOT NULL, height INTEGER NOT NULL, depth INTEGER NOT NULL,
    pixels BLOB NOT NULL,
    truth_sealed BLOB NOT NULL,
    -- Training cases show their truth after each answer, so it is kept openly there alone.
    training_truth TEXT
  );
  CREATE INDEX cases_study ON cases(study_id);
  CREATE TABLE readers (
    id INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    pin_hash BLOB,
    pin_salt BLOB,
    language TEXT NOT NULL DEFAULT 'en',
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (study_id, name)
  );
  -- Each reader's own order; token is the only name the renderer knows a case by.
  CREATE TABLE reader_cases (
    reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('training', 'study')),
    position INTEGER NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    token TEXT NOT NULL UNIQUE,
    repeat_of INTEGER,
    PRIMARY KEY (reader_id, phase, position)
  );
  CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    reader_id INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    phase TEXT NOT NULL,
    position INTEGER NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    realism INTEGER,
    call TEXT CHECK (call IN ('real', 'synthetic')),
    confidence INTEGER,
    rating6 INTEGER,
    free_text TEXT,
    roi TEXT,
    first_answer_ms INTEGER,
    total_ms INTEGER,
    visits INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (reader_id, phase, position)
  );
  CREATE TABLE score_history (
    id INTEGER PRIMARY KEY,
    score_id INTEGER NOT NULL REFERENCES scores(id) ON DELETE CASCADE,
    previous TEXT NOT NULL,
    replaced_at TEXT NOT NULL
  );
  `,
];
