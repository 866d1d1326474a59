// Public feedback (公众意见) as the staff API returns it.
export type FeedbackStatus = 'received' | 'assigned' | 'replied' | 'closed';

export interface Feedback {
  id: number;
  reference: string;
  publicationId: number;
  reportTitle: string;
  reportVersion: number;
  inspectionId: number;
  unitId: number;
  unitName: string;
  problemId: number | null;
  problemNumber: string | null;
  problemTitle: string | null;
  assignedUnitId: number | null;
  assignedUnitName: string | null;
  content: string;
  senderName: string | null;
  senderContact: string | null;
  status: FeedbackStatus;
  receivedAt: string;
  assignedAt: string | null;
  reply: string | null;
  repliedAt: string | null;
  isReplyPublished: boolean;
  closedAt: string | null;
  triageNote: string | null;
  attachment: { fileName: string; mediaType: string | null; sizeBytes: number | null } | null;
  version: number;
}

export interface FeedbackPage {
  items: Feedback[];
  total: number;
  page: number;
  pageSize: number;
}
