-- Where each approval card and run message was posted, per platform, so a reaction or a later
-- update finds its message after a restart without reading the channel's history.
CREATE TABLE chat_messages (
  platform VARCHAR(20) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  ref_id BIGINT NOT NULL,
  channel VARCHAR(200) NOT NULL,
  message_id VARCHAR(200) NOT NULL,
  PRIMARY KEY (platform, kind, ref_id)
);
CREATE INDEX chat_messages_at ON chat_messages (platform, channel, message_id);
