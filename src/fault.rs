//! Whose fault an error is, and the stable codes clients see.
//!
//! A leaf module: every stage's error enum says its [`Fault`] and
//! [`ErrorCode`] from here, and [`crate::error`] collects the stages' enums,
//! so the stages never import the crate error that imports them.

use serde::{Serialize, Serializer};

/// Who has to act for the request to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The input was wrong (corrupt file, too long, bad option): the user can fix it.
    User,
    /// Something is missing or broken on this machine (models not fetched, disk, bug).
    Internal,
}

/// Declares [`ErrorCode`] with its wire names and [`ErrorCode::ALL`], so a
/// new code cannot be left out of the list the tests walk.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// Every error code a client or a script can see, as one enum: the
        /// HTTP layer's status table matches it exhaustively, so a new code
        /// does not compile until it has a status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code on the wire (`{"error": {"code": …}}`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// A request field or option is wrong.
    InvalidInput = "invalid_input",
    /// A required multipart field is absent.
    MissingField = "missing_field",
    /// A profile JSON given to `ayi card` is not one.
    InvalidProfile = "invalid_profile",
    UnsupportedAudio = "unsupported_audio",
    CorruptAudio = "corrupt_audio",
    EmptyAudio = "empty_audio",
    AudioTooLong = "audio_too_long",
    /// A file named on the command line cannot be read.
    UnreadableFile = "unreadable_file",
    UnreadablePhoto = "unreadable_photo",
    UnreadableTranscript = "unreadable_transcript",
    UploadTooLarge = "upload_too_large",
    /// A video upload that is not WebM or MP4.
    UnsupportedVideo = "unsupported_video",
    /// A video self-introduction under the shortest accepted.
    VideoTooShort = "video_too_short",
    /// A video self-introduction over the longest accepted.
    VideoTooLong = "video_too_long",
    /// A `Range` that starts past the end of the file.
    RangeNotSatisfiable = "range_not_satisfiable",
    Unauthorized = "unauthorized",
    CsrfFailed = "csrf_failed",
    TooManyAttempts = "too_many_attempts",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    Timeout = "timeout",
    /// The interview asks nothing more (or its card is published).
    InterviewFinished = "interview_finished",
    AnswerInProgress = "answer_in_progress",
    /// The answer is for a question no longer asked.
    WrongQuestion = "wrong_question",
    /// Publishing a card with nothing on it.
    NothingToPublish = "nothing_to_publish",
    /// Another process holds the index for writing.
    IndexBusy = "index_busy",
    /// The address `ayi serve` was told to listen on is taken.
    AddressInUse = "address_in_use",
    /// A model's queue is full: try again in a moment.
    Busy = "busy",
    /// A model thread has stopped.
    Unavailable = "unavailable",
    DecoderUnavailable = "decoder_unavailable",
    CardFailed = "card_failed",
    CardWriteFailed = "card_write_failed",
    EmbeddingFailed = "embedding_failed",
    ExtractionFailed = "extraction_failed",
    IndexFailed = "index_failed",
    LanguageModelFailed = "language_model_failed",
    ModelsUnavailable = "models_unavailable",
    TranscriptionFailed = "transcription_failed",
    StorageFailed = "storage_failed",
    /// Any other failure on our side.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_words() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !s.starts_with('_'), "{s}");
        }
    }
}
