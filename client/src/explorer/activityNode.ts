/**
 * The Activity row under each key of the AWS Keys view. Expanding it reads the key's CloudTrail events
 * (ActivityStore); its children are the callers with their operations, unused access and denied attempts
 * (activityModel.ts). The row is a RowNode whose content follows the store's state.
 */
import type { DetailRow } from './awsKeysModel';
import { activityRow, activityRows, type ActivityState } from './activityModel';
import { activityDays, type ActivityStore } from './activityStore';
import { KeyNode, RowNode } from './awsKeysTree';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A placeholder child, so the row is always expandable. */
const EXPANDABLE: readonly DetailRow[] = [{ id: 'placeholder', label: '' }];

/** The Activity row of one key. */
export class ActivityNode extends RowNode {
  private readonly live: Mutable<DetailRow>;
  private shown: { state: ActivityState; rows: RowNode[] } | undefined;

  constructor(
    readonly keyNode: KeyNode,
    private readonly store: ActivityStore,
  ) {
    const live: Mutable<DetailRow> = { id: 'activity', label: 'Activity', children: EXPANDABLE };
    super(keyNode, live, keyNode);
    this.live = live;
    this.update();
  }

  /** The key's ARN. */
  get arn(): string {
    return this.keyNode.key.arn;
  }

  /** Brings the row's label, icon and tooltip in line with the store's state. */
  update(): void {
    const row = activityRow(this.store.state(this.arn), activityDays());
    this.live.label = row.label;
    this.live.description = row.description;
    this.live.tooltip = row.tooltip;
    this.live.icon = row.icon;
    this.live.contextValue = row.contextValue;
  }

  /** Expanding reads the activity the first time; afterwards the rows of the last read. */
  override children(): RowNode[] {
    const state = this.store.state(this.arn);
    if (this.shown?.state === state) return this.shown.rows;
    if (state.status === 'idle') void this.store.load(this.keyNode.parent.region, this.keyNode.key);
    const rows =
      state.status === 'loaded'
        ? activityRows(state.report, state.days)
        : state.status === 'failed'
          ? [{ id: 'failed', label: `Could not read the activity: ${state.error}`, icon: 'error', tooltip: state.error }]
          : state.status === 'cancelled'
            ? [{ id: 'cancelled', label: 'Reading was cancelled. Refresh the activity to read it again.', icon: 'debug-stop' }]
            : [{ id: 'loading', label: 'Reading CloudTrail events…', icon: 'loading~spin' }];
    this.shown = { state, rows: rows.map((r) => new RowNode(this, r, this.keyNode)) };
    return this.shown.rows;
  }
}
