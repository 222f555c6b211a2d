"""Custom actions for the SENCO assistant (rasa-sdk). Logic lives in the rules engine and pure parsing modules."""
