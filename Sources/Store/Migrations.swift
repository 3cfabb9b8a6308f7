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
        (
            // Sites as schools apply for them (contact, phone, the organization's return reason, the
            // import that last wrote them) and rooms (考场), unique per plan, site, certificate and name.
            "0007-sites-rooms",
            """
            ALTER TABLE sites ADD COLUMN contact TEXT;
            ALTER TABLE sites ADD COLUMN phone TEXT;
            ALTER TABLE sites ADD COLUMN return_reason TEXT;
            ALTER TABLE sites ADD COLUMN record_id TEXT;
            CREATE TABLE rooms (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              site_school_code TEXT NOT NULL, certificate_code TEXT NOT NULL, name TEXT NOT NULL,
              school_code TEXT NOT NULL REFERENCES schools(code),
              level TEXT NOT NULL, subject_code TEXT NOT NULL, room_type TEXT NOT NULL, address TEXT NOT NULL,
              seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 500), record_id TEXT,
              PRIMARY KEY (plan_code, site_school_code, certificate_code, name),
              FOREIGN KEY (site_school_code, certificate_code) REFERENCES sites(school_code, certificate_code),
              FOREIGN KEY (certificate_code, level, subject_code) REFERENCES subjects(certificate_code, level, code));
            CREATE INDEX rooms_school ON rooms(school_code, plan_code);
            """
        ),
        (
            // Enrollments keep a snapshot of the candidate (later candidate edits do not change
            // them), the school, how they were made, and their payment and scheduling state; the
            // table is rebuilt (as in 0003) so those columns can be NOT NULL (with defaults, so a
            // bare key-only insert as 0004 allowed still works), keyed by candidate
            // first so the key also serves per-candidate lookups (one index less to write per
            // enrolled subject than 0004's key plus its candidate index). Payment orders
            // (缴费申请单) group a school's unpaid enrollments of a plan.
            "0006-enrollments-payments",
            """
            CREATE TABLE enrollments_v6 (
              plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              id_number TEXT NOT NULL REFERENCES candidates(id_number),
              certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
              school_code TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT 'byCertificate',
              name TEXT NOT NULL DEFAULT '', id_type TEXT NOT NULL DEFAULT '', pinyin TEXT NOT NULL DEFAULT '',
              mobile TEXT NOT NULL DEFAULT '', major TEXT, category TEXT NOT NULL DEFAULT '', audience TEXT,
              paid INTEGER NOT NULL DEFAULT 0, order_no TEXT, scheduled INTEGER NOT NULL DEFAULT 0,
              record_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (id_number, plan_code, certificate_code, level, subject_code));
            INSERT INTO enrollments_v6 (plan_code, id_number, certificate_code, level, subject_code, school_code, mode, name,
              id_type, pinyin, mobile, major, category, record_id, created_at)
            SELECT e.plan_code, e.id_number, e.certificate_code, e.level, e.subject_code, c.school_code, p.mode, c.name,
              c.id_type, c.pinyin, c.mobile, c.major, c.category, c.record_id, p.registration_start
            FROM enrollments e JOIN candidates c ON c.id_number = e.id_number JOIN exam_plans p ON p.code = e.plan_code;
            DROP TABLE enrollments;
            ALTER TABLE enrollments_v6 RENAME TO enrollments;
            CREATE INDEX enrollments_school ON enrollments(school_code, plan_code, certificate_code);
            CREATE INDEX enrollments_order ON enrollments(order_no) WHERE order_no IS NOT NULL;
            CREATE TABLE payment_orders (
              order_no TEXT PRIMARY KEY, plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              school_code TEXT NOT NULL REFERENCES schools(code), basis TEXT NOT NULL,
              certificate_code TEXT NOT NULL, level TEXT, subject_code TEXT,
              count INTEGER NOT NULL, unit_fee REAL NOT NULL, amount REAL NOT NULL, status TEXT NOT NULL,
              created_at TEXT NOT NULL, confirmed_at TEXT);
            CREATE INDEX payment_orders_school ON payment_orders(school_code, plan_code);
            """
        ),
        (
            // Proctors (监考人员) with one certification state per certificate they apply for,
            // and teachers (教师), whose account is the mobile number and whose password is kept
            // only as a crypt(3) hash.
            "0008-proctors-teachers",
            """
            CREATE TABLE proctors (
              id_number TEXT PRIMARY KEY, school_code TEXT NOT NULL REFERENCES schools(code),
              name TEXT NOT NULL, mobile TEXT NOT NULL, gender TEXT, title TEXT,
              record_id TEXT NOT NULL, updated_by_record TEXT);
            CREATE INDEX proctors_school ON proctors(school_code, id_number);
            CREATE TABLE proctor_certificates (
              id_number TEXT NOT NULL REFERENCES proctors(id_number),
              certificate_code TEXT NOT NULL REFERENCES certificates(code),
              status TEXT NOT NULL, reason TEXT, decided_at TEXT, record_id TEXT,
              PRIMARY KEY (id_number, certificate_code));
            CREATE INDEX proctor_certificates_certificate ON proctor_certificates(certificate_code, status);
            CREATE TABLE teachers (
              mobile TEXT PRIMARY KEY, school_code TEXT NOT NULL REFERENCES schools(code),
              name TEXT NOT NULL, id_number TEXT, gender TEXT, major TEXT, title TEXT, email TEXT,
              password_hash TEXT NOT NULL, status TEXT NOT NULL, activated_at TEXT, record_id TEXT NOT NULL);
            CREATE INDEX teachers_school ON teachers(school_code, status, mobile);
            """
        ),
        (
            // Enrollments keyed by school first, whole rows in the key's B-tree (WITHOUT ROWID):
            // everything a school does with them (imports, exports, payment orders) is a range
            // of one tree, and an enrolled subject costs one B-tree insert instead of a table
            // row plus the key and school indexes. A candidate's enrollments are found under
            // the candidate's school, which cannot change while they have any (their ID is
            // unique, and a candidate with enrollments cannot be deleted). For that reason,
            // too, the candidate is not a foreign key, whose probe into the candidates' index
            // per enrolled subject cost about a fifth of the enrollment import's SQLite time
            // (scripts/bench, issue 5): the candidate delete refuses it (`enrollmentCount`),
            // and triggers keep an enrolled candidate from being deleted or re-keyed anyway.
            "0009-enrollments-by-school",
            """
            CREATE TABLE enrollments_v9 (
              school_code TEXT NOT NULL, id_number TEXT NOT NULL,
              plan_code TEXT NOT NULL REFERENCES exam_plans(code),
              certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
              mode TEXT NOT NULL DEFAULT 'byCertificate',
              name TEXT NOT NULL DEFAULT '', id_type TEXT NOT NULL DEFAULT '', pinyin TEXT NOT NULL DEFAULT '',
              mobile TEXT NOT NULL DEFAULT '', major TEXT, category TEXT NOT NULL DEFAULT '', audience TEXT,
              paid INTEGER NOT NULL DEFAULT 0, order_no TEXT, scheduled INTEGER NOT NULL DEFAULT 0,
              record_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '',
              PRIMARY KEY (school_code, id_number, plan_code, certificate_code, level, subject_code)) WITHOUT ROWID;
            INSERT INTO enrollments_v9 (school_code, id_number, plan_code, certificate_code, level, subject_code, mode, name,
              id_type, pinyin, mobile, major, category, audience, paid, order_no, scheduled, record_id, created_at)
            SELECT school_code, id_number, plan_code, certificate_code, level, subject_code, mode, name,
              id_type, pinyin, mobile, major, category, audience, paid, order_no, scheduled, record_id, created_at
            FROM enrollments;
            DROP TABLE enrollments;
            ALTER TABLE enrollments_v9 RENAME TO enrollments;
            CREATE INDEX enrollments_order ON enrollments(order_no) WHERE order_no IS NOT NULL;
            CREATE TRIGGER candidates_enrolled_delete BEFORE DELETE ON candidates
            WHEN EXISTS (SELECT 1 FROM enrollments WHERE school_code = OLD.school_code AND id_number = OLD.id_number)
            BEGIN SELECT RAISE(ABORT, 'candidate has enrollments'); END;
            CREATE TRIGGER candidates_enrolled_rekey BEFORE UPDATE OF id_number, school_code ON candidates
            WHEN (NEW.id_number IS NOT OLD.id_number OR NEW.school_code IS NOT OLD.school_code)
              AND EXISTS (SELECT 1 FROM enrollments WHERE school_code = OLD.school_code AND id_number = OLD.id_number)
            BEGIN SELECT RAISE(ABORT, 'candidate has enrollments'); END;
            """
        ),
        (
            // What every enrollment of one import shares (the import, its mode, its time) is
            // kept once, in a batch row the enrollments point to by a small integer, instead of
            // 63 bytes in every enrolled subject: 40% of an enrollment's bytes, which the
            // commit, the log's sync, its copy into the database and the database's sync all
            // paid for (docs/benchmarks-notes.md, migration 0010). Old rows get a
            // batch per import, mode and time they were made with. The triggers on candidates
            // go while the table is rebuilt (renaming a table checks every trigger's tables), and
            // come back also where 0009 ran before it had them. The plan and the batch are no
            // foreign keys either, for the candidate's reason: their two probes per enrolled
            // subject cost 4% of the import's CPU and 5% of its time, to check what the import
            // made sure of (the plan is in the catalog it read, inside its transaction; the
            // batch is its own). What they guarded, triggers guard: a plan or batch with
            // enrollments is neither deleted nor re-keyed (nothing in kaowu does either; the
            // triggers' scans run only if something tried).
            "0010-enrollment-batches",
            """
            CREATE TABLE enrollment_batches (
              no INTEGER PRIMARY KEY, record_id TEXT NOT NULL, mode TEXT NOT NULL, created_at TEXT NOT NULL,
              UNIQUE (record_id, mode, created_at));
            INSERT INTO enrollment_batches (record_id, mode, created_at)
            SELECT DISTINCT record_id, mode, created_at FROM enrollments ORDER BY record_id, mode, created_at;
            DROP TRIGGER IF EXISTS candidates_enrolled_delete;
            DROP TRIGGER IF EXISTS candidates_enrolled_rekey;
            CREATE TABLE enrollments_v10 (
              school_code TEXT NOT NULL, id_number TEXT NOT NULL,
              plan_code TEXT NOT NULL, certificate_code TEXT NOT NULL, level TEXT NOT NULL, subject_code TEXT NOT NULL,
              batch INTEGER NOT NULL,
              name TEXT NOT NULL DEFAULT '', id_type TEXT NOT NULL DEFAULT '', pinyin TEXT NOT NULL DEFAULT '',
              mobile TEXT NOT NULL DEFAULT '', major TEXT, category TEXT NOT NULL DEFAULT '', audience TEXT,
              paid INTEGER NOT NULL DEFAULT 0, order_no TEXT, scheduled INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (school_code, id_number, plan_code, certificate_code, level, subject_code)) WITHOUT ROWID;
            INSERT INTO enrollments_v10 (school_code, id_number, plan_code, certificate_code, level, subject_code, batch, name,
              id_type, pinyin, mobile, major, category, audience, paid, order_no, scheduled)
            SELECT e.school_code, e.id_number, e.plan_code, e.certificate_code, e.level, e.subject_code, b.no, e.name,
              e.id_type, e.pinyin, e.mobile, e.major, e.category, e.audience, e.paid, e.order_no, e.scheduled
            FROM enrollments e
            JOIN enrollment_batches b ON b.record_id = e.record_id AND b.mode = e.mode AND b.created_at = e.created_at;
            DROP TABLE enrollments;
            ALTER TABLE enrollments_v10 RENAME TO enrollments;
            CREATE INDEX enrollments_order ON enrollments(order_no) WHERE order_no IS NOT NULL;
            CREATE TRIGGER candidates_enrolled_delete BEFORE DELETE ON candidates
            WHEN EXISTS (SELECT 1 FROM enrollments WHERE school_code = OLD.school_code AND id_number = OLD.id_number)
            BEGIN SELECT RAISE(ABORT, 'candidate has enrollments'); END;
            CREATE TRIGGER candidates_enrolled_rekey BEFORE UPDATE OF id_number, school_code ON candidates
            WHEN (NEW.id_number IS NOT OLD.id_number OR NEW.school_code IS NOT OLD.school_code)
              AND EXISTS (SELECT 1 FROM enrollments WHERE school_code = OLD.school_code AND id_number = OLD.id_number)
            BEGIN SELECT RAISE(ABORT, 'candidate has enrollments'); END;
            CREATE TRIGGER exam_plans_enrolled_delete BEFORE DELETE ON exam_plans
            WHEN EXISTS (SELECT 1 FROM enrollments WHERE plan_code = OLD.code)
            BEGIN SELECT RAISE(ABORT, 'plan has enrollments'); END;
            CREATE TRIGGER exam_plans_enrolled_rekey BEFORE UPDATE OF code ON exam_plans
            WHEN NEW.code IS NOT OLD.code AND EXISTS (SELECT 1 FROM enrollments WHERE plan_code = OLD.code)
            BEGIN SELECT RAISE(ABORT, 'plan has enrollments'); END;
            CREATE TRIGGER enrollment_batches_kept_delete BEFORE DELETE ON enrollment_batches
            WHEN EXISTS (SELECT 1 FROM enrollments WHERE batch = OLD.no)
            BEGIN SELECT RAISE(ABORT, 'batch has enrollments'); END;
            CREATE TRIGGER enrollment_batches_kept_rekey BEFORE UPDATE OF no ON enrollment_batches
            WHEN NEW.no IS NOT OLD.no AND EXISTS (SELECT 1 FROM enrollments WHERE batch = OLD.no)
            BEGIN SELECT RAISE(ABORT, 'batch has enrollments'); END;
            """
        ),
        (
            // Scheduling (排考): a seat per enrolled subject, unique per room and number, and one
            // admission ticket per candidate and plan, unique across the installation. A plan may
            // say whether only paid enrollments are seated (NULL: when it charges a fee). An
            // enrollment is scheduled exactly while it holds a seat; `enrollments.scheduled` is no
            // longer written (keeping it in step rewrote every enrollment row of a plan).
            "0011-schedule",
            """
            ALTER TABLE exam_plans ADD COLUMN payment_required INTEGER;
            CREATE TABLE seats (
              plan_code TEXT NOT NULL, site_school_code TEXT NOT NULL, certificate_code TEXT NOT NULL, room_name TEXT NOT NULL,
              seat INTEGER NOT NULL, school_code TEXT NOT NULL, id_number TEXT NOT NULL, level TEXT NOT NULL,
              subject_code TEXT NOT NULL, record_id TEXT NOT NULL,
              PRIMARY KEY (plan_code, site_school_code, certificate_code, room_name, seat),
              UNIQUE (plan_code, id_number, certificate_code, level, subject_code)) WITHOUT ROWID;
            CREATE TABLE admission_tickets (
              plan_code TEXT NOT NULL, id_number TEXT NOT NULL, school_code TEXT NOT NULL, sequence INTEGER NOT NULL,
              ticket_no TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL,
              PRIMARY KEY (plan_code, id_number)) WITHOUT ROWID;
            """
        ),
        (
            // Proctors of a room session (监考安排).
            "0012-room-proctors",
            """
            CREATE TABLE room_proctors (
              plan_code TEXT NOT NULL, site_school_code TEXT NOT NULL, certificate_code TEXT NOT NULL, room_name TEXT NOT NULL,
              id_number TEXT NOT NULL, record_id TEXT NOT NULL,
              PRIMARY KEY (plan_code, site_school_code, certificate_code, room_name, id_number)) WITHOUT ROWID;
            CREATE INDEX room_proctors_proctor ON room_proctors(plan_code, id_number);
            """
        ),
        (
            // A seat goes the moment what it stands on goes: its enrolled subject is deleted or
            // re-keyed, its room is deleted, re-keyed, set for another subject or given fewer
            // seats than its number. The withdrawn seat is noted in `seat_withdrawals`, which
            // the next `kaowu schedule` reports and empties. So a re-run reads only what it
            // seats, instead of probing the enrollments for every seat of the plan (1.0 s of a
            // 1.3 s re-run of 271k seats, docs/benchmarks-schedule.md). Seats already stale when
            // this runs are withdrawn by it, by the same rules.
            "0013-seat-withdrawals",
            """
            CREATE TABLE seat_withdrawals (
              plan_code TEXT NOT NULL, site_school_code TEXT NOT NULL, certificate_code TEXT NOT NULL, room_name TEXT NOT NULL,
              seat INTEGER NOT NULL, school_code TEXT NOT NULL, id_number TEXT NOT NULL, level TEXT NOT NULL,
              subject_code TEXT NOT NULL);
            CREATE INDEX seat_withdrawals_plan ON seat_withdrawals(plan_code, school_code);
            INSERT INTO seat_withdrawals
            SELECT s.plan_code, s.site_school_code, s.certificate_code, s.room_name, s.seat, s.school_code, s.id_number, s.level,
              s.subject_code
            FROM seats s
            LEFT JOIN rooms r ON r.plan_code = s.plan_code AND r.site_school_code = s.site_school_code
              AND r.certificate_code = s.certificate_code AND r.name = s.room_name
            WHERE r.name IS NULL OR s.seat > r.seats OR r.level != s.level OR r.subject_code != s.subject_code
              OR NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.school_code = s.school_code AND e.id_number = s.id_number
                AND e.plan_code = s.plan_code AND e.certificate_code = s.certificate_code AND e.level = s.level
                AND e.subject_code = s.subject_code);
            DELETE FROM seats WHERE EXISTS (SELECT 1 FROM seat_withdrawals w WHERE w.plan_code = seats.plan_code
              AND w.site_school_code = seats.site_school_code AND w.certificate_code = seats.certificate_code
              AND w.room_name = seats.room_name AND w.seat = seats.seat);
            CREATE TRIGGER enrollments_withdraw_seat AFTER DELETE ON enrollments
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number AND certificate_code = OLD.certificate_code
                AND level = OLD.level AND subject_code = OLD.subject_code AND school_code = OLD.school_code;
              DELETE FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number
                AND certificate_code = OLD.certificate_code AND level = OLD.level AND subject_code = OLD.subject_code
                AND school_code = OLD.school_code;
            END;
            CREATE TRIGGER enrollments_rekey_withdraw_seat
            AFTER UPDATE OF school_code, id_number, plan_code, certificate_code, level, subject_code ON enrollments
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number AND certificate_code = OLD.certificate_code
                AND level = OLD.level AND subject_code = OLD.subject_code AND school_code = OLD.school_code;
              DELETE FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number
                AND certificate_code = OLD.certificate_code AND level = OLD.level AND subject_code = OLD.subject_code
                AND school_code = OLD.school_code;
            END;
            CREATE TRIGGER rooms_withdraw_seats AFTER DELETE ON rooms
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name;
              DELETE FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name;
            END;
            CREATE TRIGGER rooms_change_withdraw_seats
            AFTER UPDATE OF plan_code, site_school_code, certificate_code, name, level, subject_code, seats ON rooms
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name
                AND (seat > NEW.seats OR NEW.level != OLD.level OR NEW.subject_code != OLD.subject_code
                  OR NEW.plan_code != OLD.plan_code OR NEW.site_school_code != OLD.site_school_code
                  OR NEW.certificate_code != OLD.certificate_code OR NEW.name != OLD.name);
              DELETE FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name
                AND (seat > NEW.seats OR NEW.level != OLD.level OR NEW.subject_code != OLD.subject_code
                  OR NEW.plan_code != OLD.plan_code OR NEW.site_school_code != OLD.site_school_code
                  OR NEW.certificate_code != OLD.certificate_code OR NEW.name != OLD.name);
            END;
            """
        ),
        (
            // What `kaowu nightly` drew: each document file under ROOT/documents with the
            // fingerprint of everything it was drawn from (template, font, data rows, photos), so
            // a run redraws only what changed.
            "0014-rendered-documents",
            """
            CREATE TABLE rendered_documents (
              path TEXT PRIMARY KEY, plan_code TEXT NOT NULL, fingerprint TEXT NOT NULL, pages INTEGER NOT NULL,
              bytes INTEGER NOT NULL, rendered_at TEXT NOT NULL);
            """
        ),
        (
            // Files taken from the drop folders (`kaowu watch`): each is a row, claimed by one
            // watcher at a time through a lease (owner, expiry) taken in a transaction, so several
            // watchers share the work and a crashed one's file is redone when its lease runs
            // out. A file is `done` in the same transaction as its import's rows and record, and
            // the same bytes in the same folder are done once (the partial unique index).
            "0015-drop-files",
            """
            CREATE TABLE drop_files (
              id INTEGER PRIMARY KEY, folder TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, tenant TEXT NOT NULL,
              state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_expires TEXT,
              not_before TEXT, sha256 TEXT, record_id TEXT, result TEXT, received_at TEXT NOT NULL, finished_at TEXT,
              UNIQUE (folder, name));
            CREATE UNIQUE INDEX drop_files_once ON drop_files(folder, sha256) WHERE state = 'done';
            CREATE INDEX drop_files_queue ON drop_files(state, id);
            """
        ),
        (
            "0016-scores-results-issuance",
            """
            CREATE TABLE scores (
              plan_code TEXT NOT NULL, id_number TEXT NOT NULL, certificate_code TEXT NOT NULL, level TEXT NOT NULL,
              subject_code TEXT NOT NULL, school_code TEXT NOT NULL, points REAL, absent INTEGER NOT NULL,
              record_id TEXT NOT NULL, updated_at TEXT NOT NULL,
              PRIMARY KEY (plan_code, id_number, certificate_code, level, subject_code)) WITHOUT ROWID;
            CREATE TABLE score_changes (
              seq INTEGER PRIMARY KEY, plan_code TEXT NOT NULL, id_number TEXT NOT NULL, certificate_code TEXT NOT NULL,
              level TEXT NOT NULL, subject_code TEXT NOT NULL, old_points REAL, old_absent INTEGER, new_points REAL,
              new_absent INTEGER NOT NULL, record_id TEXT NOT NULL, operator TEXT NOT NULL, changed_at TEXT NOT NULL);
            CREATE INDEX score_changes_candidate ON score_changes(id_number, seq);
            CREATE TABLE settled_plans (plan_code TEXT PRIMARY KEY, settled_at TEXT NOT NULL);
            CREATE TABLE results (
              plan_code TEXT NOT NULL, id_number TEXT NOT NULL, certificate_code TEXT NOT NULL, level TEXT NOT NULL,
              school_code TEXT NOT NULL, status TEXT NOT NULL,
              PRIMARY KEY (plan_code, id_number, certificate_code, level)) WITHOUT ROWID;
            CREATE TABLE issuances (
              certificate_no TEXT PRIMARY KEY, plan_code TEXT NOT NULL, id_number TEXT NOT NULL, certificate_code TEXT NOT NULL,
              level TEXT NOT NULL, school_code TEXT NOT NULL, org_code TEXT NOT NULL, status TEXT NOT NULL,
              school_reason TEXT, org_reason TEXT, holder_name TEXT, certificate_name TEXT, issued_on TEXT,
              verification_code TEXT, stamp_failure TEXT, created_at TEXT NOT NULL,
              UNIQUE (plan_code, id_number, certificate_code, level));
            CREATE INDEX issuances_school ON issuances(school_code, status);
            CREATE TABLE issuance_decisions (
              seq INTEGER PRIMARY KEY, certificate_no TEXT NOT NULL REFERENCES issuances(certificate_no),
              side TEXT NOT NULL, decision TEXT NOT NULL, reason TEXT, operator TEXT NOT NULL, decided_at TEXT NOT NULL,
              record_id TEXT);
            """
        ),
        (
            // A seat stored by number. Its room, its session and the record that gave it are
            // each written once (seat_rooms, seat_sessions, seat_records; never deleted, so a
            // number never points at nothing) and a seat row holds their numbers, not nine texts:
            // 271k seats took 64 MB of pages in two text-keyed B-trees and most of a schedule
            // run's time to write (docs/benchmarks-schedule.md). The view `seats` shows the seat
            // with its texts, for every query that reads seats; the withdrawal triggers of 0013
            // act on the stored rows.
            "0017-seats-by-number",
            """
            DROP TRIGGER enrollments_withdraw_seat;
            DROP TRIGGER enrollments_rekey_withdraw_seat;
            DROP TRIGGER rooms_withdraw_seats;
            DROP TRIGGER rooms_change_withdraw_seats;
            CREATE TABLE seat_rooms (
              no INTEGER PRIMARY KEY, plan_code TEXT NOT NULL, site_school_code TEXT NOT NULL, certificate_code TEXT NOT NULL,
              room_name TEXT NOT NULL, UNIQUE (plan_code, site_school_code, certificate_code, room_name));
            CREATE TABLE seat_sessions (
              no INTEGER PRIMARY KEY, plan_code TEXT NOT NULL, certificate_code TEXT NOT NULL, level TEXT NOT NULL,
              subject_code TEXT NOT NULL, UNIQUE (plan_code, certificate_code, level, subject_code));
            CREATE TABLE seat_records (no INTEGER PRIMARY KEY, record_id TEXT NOT NULL UNIQUE);
            CREATE TRIGGER seat_rooms_kept BEFORE DELETE ON seat_rooms BEGIN SELECT RAISE(ABORT, 'seat rooms are kept'); END;
            CREATE TRIGGER seat_sessions_kept BEFORE DELETE ON seat_sessions
            BEGIN SELECT RAISE(ABORT, 'seat sessions are kept'); END;
            CREATE TRIGGER seat_records_kept BEFORE DELETE ON seat_records BEGIN SELECT RAISE(ABORT, 'seat records are kept'); END;
            CREATE TRIGGER seat_rooms_fixed BEFORE UPDATE ON seat_rooms BEGIN SELECT RAISE(ABORT, 'seat rooms are kept'); END;
            CREATE TRIGGER seat_sessions_fixed BEFORE UPDATE ON seat_sessions
            BEGIN SELECT RAISE(ABORT, 'seat sessions are kept'); END;
            CREATE TRIGGER seat_records_fixed BEFORE UPDATE ON seat_records BEGIN SELECT RAISE(ABORT, 'seat records are kept'); END;
            INSERT INTO seat_rooms (plan_code, site_school_code, certificate_code, room_name)
            SELECT DISTINCT plan_code, site_school_code, certificate_code, room_name FROM seats ORDER BY 1, 2, 3, 4;
            INSERT INTO seat_sessions (plan_code, certificate_code, level, subject_code)
            SELECT DISTINCT plan_code, certificate_code, level, subject_code FROM seats ORDER BY 1, 2, 3, 4;
            INSERT INTO seat_records (record_id) SELECT DISTINCT record_id FROM seats ORDER BY 1;
            CREATE TABLE given_seats (
              room INTEGER NOT NULL, seat INTEGER NOT NULL, session INTEGER NOT NULL, id_number TEXT NOT NULL,
              school_code TEXT NOT NULL, record INTEGER NOT NULL,
              PRIMARY KEY (room, seat), UNIQUE (id_number, session)) WITHOUT ROWID;
            INSERT INTO given_seats (room, seat, session, id_number, school_code, record)
            SELECT r.no, s.seat, ss.no, s.id_number, s.school_code, c.no FROM seats s
            JOIN seat_rooms r ON r.plan_code = s.plan_code AND r.site_school_code = s.site_school_code
              AND r.certificate_code = s.certificate_code AND r.room_name = s.room_name
            JOIN seat_sessions ss ON ss.plan_code = s.plan_code AND ss.certificate_code = s.certificate_code
              AND ss.level = s.level AND ss.subject_code = s.subject_code
            JOIN seat_records c ON c.record_id = s.record_id;
            DROP TABLE seats;
            CREATE VIEW seats AS
            SELECT r.plan_code, r.site_school_code, r.certificate_code, r.room_name, g.seat, g.school_code, g.id_number, ss.level,
              ss.subject_code
            FROM given_seats g JOIN seat_rooms r ON r.no = g.room JOIN seat_sessions ss ON ss.no = g.session;
            CREATE TRIGGER enrollments_withdraw_seat AFTER DELETE ON enrollments
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number AND certificate_code = OLD.certificate_code
                AND level = OLD.level AND subject_code = OLD.subject_code AND school_code = OLD.school_code;
              DELETE FROM given_seats WHERE id_number = OLD.id_number AND school_code = OLD.school_code
                AND session = (SELECT no FROM seat_sessions WHERE plan_code = OLD.plan_code
                  AND certificate_code = OLD.certificate_code AND level = OLD.level AND subject_code = OLD.subject_code);
            END;
            CREATE TRIGGER enrollments_rekey_withdraw_seat
            AFTER UPDATE OF school_code, id_number, plan_code, certificate_code, level, subject_code ON enrollments
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND id_number = OLD.id_number AND certificate_code = OLD.certificate_code
                AND level = OLD.level AND subject_code = OLD.subject_code AND school_code = OLD.school_code;
              DELETE FROM given_seats WHERE id_number = OLD.id_number AND school_code = OLD.school_code
                AND session = (SELECT no FROM seat_sessions WHERE plan_code = OLD.plan_code
                  AND certificate_code = OLD.certificate_code AND level = OLD.level AND subject_code = OLD.subject_code);
            END;
            CREATE TRIGGER rooms_withdraw_seats AFTER DELETE ON rooms
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name;
              DELETE FROM given_seats WHERE room = (SELECT no FROM seat_rooms WHERE plan_code = OLD.plan_code
                AND site_school_code = OLD.site_school_code AND certificate_code = OLD.certificate_code AND room_name = OLD.name);
            END;
            CREATE TRIGGER rooms_change_withdraw_seats
            AFTER UPDATE OF plan_code, site_school_code, certificate_code, name, level, subject_code, seats ON rooms
            BEGIN
              INSERT INTO seat_withdrawals
              SELECT plan_code, site_school_code, certificate_code, room_name, seat, school_code, id_number, level, subject_code
              FROM seats WHERE plan_code = OLD.plan_code AND site_school_code = OLD.site_school_code
                AND certificate_code = OLD.certificate_code AND room_name = OLD.name
                AND (seat > NEW.seats OR NEW.level != OLD.level OR NEW.subject_code != OLD.subject_code
                  OR NEW.plan_code != OLD.plan_code OR NEW.site_school_code != OLD.site_school_code
                  OR NEW.certificate_code != OLD.certificate_code OR NEW.name != OLD.name);
              DELETE FROM given_seats WHERE room = (SELECT no FROM seat_rooms WHERE plan_code = OLD.plan_code
                AND site_school_code = OLD.site_school_code AND certificate_code = OLD.certificate_code AND room_name = OLD.name)
                AND (seat > NEW.seats OR NEW.level != OLD.level OR NEW.subject_code != OLD.subject_code
                  OR NEW.plan_code != OLD.plan_code OR NEW.site_school_code != OLD.site_school_code
                  OR NEW.certificate_code != OLD.certificate_code OR NEW.name != OLD.name);
            END;
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
