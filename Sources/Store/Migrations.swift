/// The schema, as an ordered list of migrations. Each runs in its own transaction together
/// with the insert of its id; a database that knows ids this build does not is refused.
///
/// SQL stays plain (no SQLite-only syntax beyond `INSERT … ON CONFLICT`) so another backend
/// can follow.
enum Migrations {
    static let all: [(id: String, sql: String)] = [
        (
            "0001-catalog",
            """
            CREATE TABLE organizations (
              code TEXT PRIMARY KEY, name TEXT NOT NULL, contact TEXT, phone TEXT, seal_path TEXT);
            CREATE TABLE schools (
              code TEXT PRIMARY KEY, name TEXT NOT NULL, province TEXT NOT NULL, contact TEXT, phone TEXT,
              site_head TEXT, stamp_path TEXT);
            CREATE TABLE certificates (
              code TEXT PRIMARY KEY, name TEXT NOT NULL,
              org_code TEXT NOT NULL REFERENCES organizations(code));
            CREATE TABLE certificate_levels (
              certificate_code TEXT NOT NULL REFERENCES certificates(code), level TEXT NOT NULL,
              PRIMARY KEY (certificate_code, level));
            CREATE TABLE certificate_majors (
              certificate_code TEXT NOT NULL REFERENCES certificates(code), major TEXT NOT NULL,
              PRIMARY KEY (certificate_code, major));
            CREATE TABLE subjects (
              certificate_code TEXT NOT NULL, level TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
              exam_type TEXT NOT NULL, audience TEXT NOT NULL, full_marks REAL NOT NULL, pass_mark REAL NOT NULL,
              PRIMARY KEY (certificate_code, level, code),
              FOREIGN KEY (certificate_code, level) REFERENCES certificate_levels(certificate_code, level));
            CREATE TABLE exam_plans (
              code TEXT PRIMARY KEY, name TEXT NOT NULL, org_code TEXT NOT NULL REFERENCES organizations(code),
              mode TEXT NOT NULL,
              registration_start TEXT NOT NULL, registration_end TEXT NOT NULL,
              scheduling_start TEXT NOT NULL, scheduling_end TEXT NOT NULL,
              score_start TEXT NOT NULL, score_end TEXT NOT NULL, publicity_end TEXT NOT NULL,
              fee_per_certificate REAL, fee_per_subject REAL);
            CREATE TABLE plan_certificates (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              certificate_code TEXT NOT NULL REFERENCES certificates(code),
              PRIMARY KEY (plan_code, certificate_code));
            CREATE TABLE plan_schools (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code), school_code TEXT NOT NULL REFERENCES schools(code),
              PRIMARY KEY (plan_code, school_code));
            CREATE TABLE plan_sessions (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code), certificate_code TEXT NOT NULL,
              level TEXT NOT NULL, subject_code TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT NOT NULL,
              PRIMARY KEY (plan_code, certificate_code, level, subject_code),
              FOREIGN KEY (certificate_code, level, subject_code) REFERENCES subjects(certificate_code, level, code));
            CREATE TABLE sites (
              school_code TEXT NOT NULL REFERENCES schools(code),
              certificate_code TEXT NOT NULL REFERENCES certificates(code),
              name TEXT NOT NULL, address TEXT NOT NULL, status TEXT NOT NULL,
              PRIMARY KEY (school_code, certificate_code));
            CREATE TABLE site_allocations (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code), school_code TEXT NOT NULL REFERENCES schools(code),
              certificate_code TEXT NOT NULL, host_school_code TEXT NOT NULL,
              PRIMARY KEY (plan_code, school_code, certificate_code),
              FOREIGN KEY (host_school_code, certificate_code) REFERENCES sites(school_code, certificate_code));
            """
        ),
        (
            "0002-candidates-and-records",
            """
            CREATE TABLE import_records (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL,
              tenant TEXT NOT NULL, operator TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
              total INTEGER NOT NULL, succeeded INTEGER NOT NULL, failed INTEGER NOT NULL, warnings INTEGER NOT NULL,
              status TEXT NOT NULL, failed_rows_file TEXT, refusal TEXT);
            CREATE INDEX import_records_tenant ON import_records(tenant, started_at);
            CREATE TABLE import_failures (
              record_id TEXT NOT NULL REFERENCES import_records(id) DEFERRABLE INITIALLY DEFERRED, seq INTEGER NOT NULL,
              row INTEGER NOT NULL, column_name TEXT NOT NULL, value TEXT NOT NULL, code TEXT NOT NULL,
              message TEXT NOT NULL, severity TEXT NOT NULL,
              PRIMARY KEY (record_id, seq));
            CREATE TABLE candidates (
              id_number TEXT PRIMARY KEY, id_type TEXT NOT NULL,
              school_code TEXT NOT NULL REFERENCES schools(code), category TEXT NOT NULL,
              name TEXT NOT NULL, pinyin TEXT NOT NULL, mobile TEXT NOT NULL,
              major TEXT, major_level TEXT, entrance_year INTEGER, employer TEXT,
              status TEXT NOT NULL, record_id TEXT NOT NULL, updated_by_record TEXT) WITHOUT ROWID;
            CREATE INDEX candidates_school ON candidates(school_code, status);
            """
        ),
        (
            // A rowid table with a unique ID index: rows append in import order and only the
            // narrow index takes random inserts, instead of whole rows keyed by a random ID
            // (a 1M-row import spent most of its store time splitting wide leaf pages).
            "0003-candidates-rowid",
            """
            CREATE TABLE candidates_by_rowid (
              id_number TEXT NOT NULL UNIQUE, id_type TEXT NOT NULL,
              school_code TEXT NOT NULL REFERENCES schools(code), category TEXT NOT NULL,
              name TEXT NOT NULL, pinyin TEXT NOT NULL, mobile TEXT NOT NULL,
              major TEXT, major_level TEXT, entrance_year INTEGER, employer TEXT,
              status TEXT NOT NULL, record_id TEXT NOT NULL, updated_by_record TEXT);
            INSERT INTO candidates_by_rowid SELECT id_number, id_type, school_code, category, name, pinyin, mobile, major,
              major_level, entrance_year, employer, status, record_id, updated_by_record FROM candidates ORDER BY id_number;
            DROP TABLE candidates;
            ALTER TABLE candidates_by_rowid RENAME TO candidates;
            CREATE INDEX candidates_school ON candidates(school_code, status);
            """
        ),
        (
            // The candidate's photo (a content-addressed path under the data root), and the
            // enrollments a candidate may not be deleted with (issue 5 fills them in).
            "0004-photos-and-enrollments",
            """
            ALTER TABLE candidates ADD COLUMN photo TEXT;
            CREATE INDEX candidates_photo ON candidates(photo) WHERE photo IS NOT NULL;
            CREATE TABLE enrollments (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              id_number TEXT NOT NULL REFERENCES candidates(id_number),
              certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
              PRIMARY KEY (plan_code, id_number, certificate_code, level, subject_code));
            CREATE INDEX enrollments_candidate ON enrollments(id_number);
            """
        ),
    ]
}

extension SQLiteConnection {
    /// Applies pending migrations; refuses a database created by a newer kaowu.
    func migrate() throws {
        try execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY NOT NULL)")
        let applied = Set(try statement("SELECT id FROM schema_migrations").rows { $0.text(0) ?? "" })
        let known = Set(Migrations.all.map(\.id))
        if let unknown = applied.subtracting(known).sorted().first {
            throw SQLiteError(code: 1, message: "database has migration \(unknown) unknown to this kaowu; upgrade kaowu", sql: nil)
        }
        for migration in Migrations.all where !applied.contains(migration.id) {
            try inTransaction {
                try execute(migration.sql)
                try statement("INSERT INTO schema_migrations (id) VALUES (?)").bind([.text(migration.id)]).run()
                if try statement("PRAGMA foreign_key_check").first({ _ in true }) == true {
                    throw SQLiteError(code: 19, message: "foreign key check failed after \(migration.id)", sql: nil)
                }
            }
        }
    }
}
