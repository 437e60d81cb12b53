import { Alert } from 'antd';
import type { AppErrorData } from '../../shared/contract/result';

/** A refused call: its translated message and, for invalid input, each field's problem. */
export function ErrorAlert({ error }: { error: AppErrorData }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.message}
      description={
        error.issues && error.issues.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path && <code>{issue.path}</code>} {issue.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
