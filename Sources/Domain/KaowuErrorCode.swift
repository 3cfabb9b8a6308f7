extension KaowuError {
    /// The stable code of a file-level or command error: what tests assert, what `--json` and
    /// the CLI's `错误 [code]` print, what a school's support desk searches for. Every code is a
    /// constant here, so two spellings of one refusal cannot drift apart; row-level codes are
    /// `FailureCode`s.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // MARK: The input file as a whole

        /// The path names no file.
        public static let fileMissing = Code("file.missing")
        /// The path is a directory.
        public static let fileIsDirectory = Code("file.is-directory")
        /// Not a .xlsx workbook (another format, or not a ZIP at all).
        public static let fileNotXlsx = Code("file.not-xlsx")
        /// A photo archive that is not a ZIP.
        public static let fileNotZip = Code("file.not-zip")
        /// A structurally broken workbook or archive (bad XML, bad references, CRC errors).
        public static let fileDamaged = Code("file.damaged")
        /// A password-protected workbook.
        public static let fileEncrypted = Code("file.encrypted")
        /// DOCTYPE/entity declarations: refused before parsing (XXE, billion laughs).
        public static let fileUnsafe = Code("file.unsafe")
        /// Over a size limit (an entry, a row, the inflated total).
        public static let fileTooLarge = Code("file.too-large")
        /// No data rows under the header.
        public static let fileEmpty = Code("file.empty")
        /// The kind's sheet is not in the workbook.
        public static let fileSheetMissing = Code("file.sheet-missing")
        /// A required column is missing from the header row.
        public static let fileMissingColumn = Code("file.missing-column")
        /// The workbook is another kind's template (naming both kinds).
        public static let fileWrongTemplate = Code("file.wrong-template")

        // MARK: The file system and the disk

        /// Permission denied on a file or directory.
        public static let filePermission = Code("file.permission")
        /// The disk is mounted read-only.
        public static let fileReadOnly = Code("file.read-only")
        /// A file that must be new already exists.
        public static let fileExists = Code("file.exists")
        /// Any other file-system error, with its errno.
        public static let fileIO = Code("file.io")
        /// No space left (ENOSPC, EDQUOT).
        public static let diskFull = Code("disk.full")
        /// `ulimit -f` reached (EFBIG).
        public static let diskFileSizeLimit = Code("disk.file-size-limit")
        /// The database could not write (full disk, size limit, I/O error).
        public static let diskIO = Code("disk.io")

        // MARK: Output files (-o, sample --out) and the files of a record

        /// An empty or unusable output name.
        public static let outputInvalid = Code("output.invalid")
        /// The output's directory does not exist.
        public static let outputNoDirectory = Code("output.no-directory")
        /// The output path is a directory, a link or a device, never replaced.
        /// `-o DIR` of `kaowu render` names something that is not a directory (or a symlink).
        public static let outputNotADirectory = Code("output.not-a-directory")
        public static let outputNotAFile = Code("output.not-a-file")
        /// The output path lies inside a data root, whose files are kaowu's own.
        public static let outputInsideRoot = Code("output.inside-root")
        /// Writing an output workbook failed.
        public static let outputWrite = Code("output.write")
        /// A record's files could not be created under `records/`.
        public static let recordWrite = Code("record.write")
        /// The teachers' SMS outbox could not be written.
        public static let outboxWrite = Code("outbox.write")
        /// The SMS outbox could not be moved beside its record.
        public static let outboxMove = Code("outbox.move")

        // MARK: The data root and its store

        /// The data root was never initialized (`kaowu init`).
        public static let rootMissing = Code("root.missing")
        /// A reference table shipped with kaowu (regions) cannot be read.
        public static let referenceMissing = Code("reference.missing")
        /// The database cannot be opened.
        public static let storeOpen = Code("store.open")
        /// Another process holds the database past the busy timeout.
        public static let storeBusy = Code("store.busy")
        /// The database file is unreadable or unwritable where it is.
        public static let storeUnavailable = Code("store.unavailable")
        /// The database is corrupt or not kaowu's.
        public static let storeDamaged = Code("store.damaged")
        /// A stored value kaowu cannot read back (NULL where required, an unknown status).
        public static let storeCorruptValue = Code("store.corrupt-value")
        /// The database refused enrollment rows the rules had accepted.
        public static let storeEnrollment = Code("store.enrollment")

        // MARK: Imports, records and exports

        /// An import failed as a whole; nothing was stored.
        public static let importFailed = Code("import.failed")
        /// No import record has that id.
        public static let recordNotFound = Code("record.not-found")
        /// The record has no failed rows to download.
        public static let recordNoFailures = Code("record.no-failures")
        /// A record's failed-rows workbook is gone from disk.
        public static let recordFileMissing = Code("record.file-missing")
        /// An export needs a scope (`--school` or `--org`).
        public static let exportScope = Code("export.scope")
        /// Reading an export's rows failed.
        public static let exportRead = Code("export.read")
        /// Writing an export failed.
        public static let exportWrite = Code("export.write")
        /// An export exceeds a sheet's 1,048,576 rows.
        public static let exportTooManyRows = Code("export.too-many-rows")

        // MARK: The catalog

        /// A school code not in the catalog.
        public static let schoolNotFound = Code("school.not-found")
        /// A training-evaluation organization code not in the catalog.
        public static let organizationNotFound = Code("organization.not-found")
        /// A certificate code not in the catalog.
        public static let certificateNotFound = Code("certificate.not-found")
        /// An exam plan code not in the catalog.
        public static let planNotFound = Code("plan.not-found")
        /// The plan's window for this action is not open.
        public static let planClosed = Code("plan.closed")
        /// The school does not take part in the plan.
        public static let schoolNotInPlan = Code("school.not-in-plan")
        /// The certificate belongs to another organization.
        public static let organizationMismatch = Code("organization.mismatch")

        // MARK: Sites, rooms, staff and payments

        /// No assessment site for that certificate at the school.
        public static let siteInvalid = Code("site.invalid")
        /// A rejection needs a reason.
        public static let reasonRequired = Code("reason.required")
        /// No proctor with that ID at the school.
        public static let proctorNotFound = Code("proctor.not-found")
        /// The proctor never applied for that certificate.
        public static let proctorNotApplied = Code("proctor.not-applied")
        /// A certified certificate is final.
        public static let proctorCertified = Code("proctor.certified")
        /// The decision does not fit the certificate's current status.
        public static let proctorState = Code("proctor.state")
        /// A proctor's only certificate cannot be removed (delete the proctor instead).
        public static let proctorLastCertificate = Code("proctor.last-certificate")
        /// No room of that name in the plan (or several: name the certificate and site).
        public static let roomNotFound = Code("room.not-found")
        /// The proctor already watches a room at an overlapping time.
        public static let proctorBusy = Code("proctor.busy")
        /// No teacher account with that phone number.
        public static let teacherNotFound = Code("teacher.not-found")
        /// The initial password does not match.
        public static let teacherPassword = Code("teacher.password")
        /// The initial password could not be hashed.
        public static let passwordHash = Code("password.hash")
        /// No payment order with that number at the school.
        public static let paymentNotFound = Code("payment.not-found")
        /// The order is already confirmed.
        public static let paymentConfirmed = Code("payment.confirmed")
        /// A confirmed order cannot be deleted.
        public static let paymentLocked = Code("payment.locked")
        /// The plan sets no fee for that basis.
        public static let paymentNoFee = Code("payment.no-fee")

        // MARK: Documents (PDF)

        /// A document template is refused: bad JSON, an unknown element kind, key or field, a
        /// box outside the page or its label (naming the template and the element's path).
        public static let templateInvalid = Code("template.invalid")
        /// The template's font is not installed or is no TrueType font.
        public static let templateFont = Code("template.font")
        /// A character to print is not in the font (never drawn as a blank).
        public static let renderMissingGlyph = Code("render.missing-glyph")
        /// libharu failed to build or save a PDF.
        public static let renderFailed = Code("render.failed")

        // MARK: Results, issuance and certificates

        /// No issuance record has that certificate number (or not one of this tenant's).
        public static let issuanceNotFound = Code("issuance.not-found")
        /// A decision the record's status does not allow (the status is named).
        public static let issuanceState = Code("issuance.state")
        /// A rejection without its reason.
        public static let issuanceReason = Code("issuance.reason")
        /// A stamp file that is not a square PNG with a used alpha channel within the limits.
        public static let stampInvalid = Code("stamp.invalid")
        /// The installation's verification secret is missing or unreadable.
        public static let secretMissing = Code("secret.missing")

        // MARK: Drop folders (kaowu watch)

        /// The same bytes were already imported from the same drop folder (naming the record).
        public static let dropDuplicate = Code("drop.duplicate")
        /// Another watcher took the file over (this one's claim ran out): nothing is committed.
        public static let dropLeaseLost = Code("drop.lease-lost")

        // MARK: Anything else

        /// An unexpected error, with the raw text as the cause.
        public static let failed = Code("failed")
    }
}
