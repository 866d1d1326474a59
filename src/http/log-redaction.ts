/**
 * What the logs never contain: session cookies and credentials in headers, passwords in bodies,
 * robots' addresses and signing secrets (the address carries the robot's token), and the contact
 * details a member of the public leaves with feedback. Pino replaces these paths wherever a log line carries them (a request, a body logged while debugging, an error's details).
 */
export const REDACTED = '[redacted]';

export const logRedactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-rectify-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body.password',
  'body.currentPassword',
  'body.newPassword',
  'body.bindPassword',
  'body.contact',
  'body.contactName',
  'body.contactPhone',
  'body.contactEmail',
  'body.phone',
  'body.email',
  'body.senderContact',
  'body.sender_contact',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.bindPassword',
  '*.token',
  '*.contact',
  '*.contactName',
  '*.contactPhone',
  '*.contactEmail',
  'body.url',
  'body.secret',
  '*.secret',
  '*.robot_url',
  '*.robot_secret',
  '*.senderContact',
  '*.sender_contact',
];

export const logRedaction = { paths: logRedactPaths, censor: REDACTED };
