// Package ingest reads a core-banking batch (FEEDS.md) into validated records, reporting every bad row with
// its place and reason. It does no database I/O; the pipeline applies what it returns.
//
// A batch is a directory with one control file, BATCH_YYYYMMDD.ctl, and the data files it lists. ReadBatch
// checks the control file against the directory (every listed file present with the listed row count and
// SHA-256, nothing unlisted), decodes each data file (UTF-8 or GB18030) before splitting it into lines and
// fields, and validates every row against the contract: required columns and values, codes, amounts, dates,
// timestamps, identity numbers, mobile numbers and unique keys. References that may point into the store
// (an account's client, a transaction's account …) are checked by Batch.CheckReferences against what the
// caller knows.
//
// Problems never stop the reading: each one becomes an Issue in the Report, so that one run lists every
// bad row. A batch whose Report has errors must not be applied.
//
// Money is int64 fen, exchange rates are int64 millionths of a yuan: no floating point anywhere.
package ingest
