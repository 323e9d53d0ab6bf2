import { useEffect, useState } from 'react';
import { Alert, Select, Space, Tabs, Tag } from 'antd';
import { useAuth } from '../auth';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { ItemsEditor } from './plans/ItemsEditor';
import { PeriodsEditor } from './plans/PeriodsEditor';
import { PlanActions } from './plans/PlanActions';
import { QuotasEditor } from './plans/QuotasEditor';
import { ThemesEditor } from './plans/ThemesEditor';
import { STATUS_LABEL } from './plans/types';
import type { PlanDocument, PlanRow, PlanYears } from '@cchc/contract/console/plan';
import type { Units } from '@cchc/contract/console/reference';

/**
 * A year's plan, for staff who do not edit YAML: create it from last year's, edit themes, items (units chosen from
 * the units list), quotas and report periods, submit it, have someone else approve it, download content/plan/<year>.yaml.
 */
export default function PlansPage() {
  const { can } = useAuth();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear + 1);
  const years = useApi<PlanYears>('/plan');
  const doc = useApi<PlanRow>(`/plan/${year}/document`);
  const units = useApi<Units>('/reference/units');
  // useApi keeps the last good data on an error: a year without a plan must not show the previous year's.
  const current = doc.status === 200 && doc.data?.year === year ? doc.data : undefined;
  const [draft, setDraft] = useState<PlanDocument>();
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    setDraft(current?.document);
    setDirty(false);
  }, [current]);
  const editable = current !== undefined && current.status !== 'approved' && can('plan.edit');
  const change = (patch: Partial<PlanDocument>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDirty(true);
  };
  const reload = async () => {
    await Promise.all([doc.reload(), years.reload()]);
  };
  const yearOptions = [...new Set([...(years.data?.years.map((y) => y.year) ?? []), thisYear, thisYear + 1])]
    .sort((a, b) => b - a)
    .map((y) => ({ value: y, label: `Năm ${y}` }));
  const unitList = units.data?.items ?? [];
  return (
    <>
      <PageTitle>Kế hoạch tuyên truyền theo năm</PageTitle>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="Năm kế hoạch"
          value={year}
          onChange={setYear}
          options={yearOptions}
          style={{ width: 140 }}
        />
        {current && <Tag color={STATUS_LABEL[current.status].color}>{STATUS_LABEL[current.status].text}</Tag>}
        <PlanActions
          year={year}
          row={current}
          missing={doc.status === 404}
          draft={draft}
          dirty={dirty}
          onDone={reload}
        />
      </Space>
      {doc.status === 404 ? (
        <Alert type="info" showIcon message={`Chưa có kế hoạch tuyên truyền năm ${year}.`} />
      ) : (
        <LoadError status={doc.status} error={doc.error} />
      )}
      {current && current.status !== 'approved' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message="Người soạn, sửa dự thảo không tự duyệt được: cần một người duyệt khác (nguyên tắc bốn mắt). Sửa sau khi trình duyệt thì phải trình lại."
        />
      )}
      {dirty && <Alert type="info" showIcon style={{ marginBottom: 8 }} message="Có thay đổi chưa lưu." />}
      {draft && (
        <Tabs
          items={[
            {
              key: 'items',
              label: `Mục kế hoạch (${draft.items.length})`,
              children: (
                <ItemsEditor
                  items={draft.items}
                  themes={draft.themes}
                  units={unitList}
                  editable={editable}
                  onChange={(items) => change({ items })}
                />
              ),
            },
            {
              key: 'themes',
              label: `Chủ đề (${draft.themes.length})`,
              children: (
                <ThemesEditor
                  themes={draft.themes}
                  items={draft.items}
                  editable={editable}
                  onChange={(themes) => change({ themes })}
                />
              ),
            },
            {
              key: 'quotas',
              label: `Chỉ tiêu đăng tin (${draft.quotas.length})`,
              children: (
                <QuotasEditor
                  quotas={draft.quotas}
                  units={unitList}
                  editable={editable}
                  onChange={(quotas) => change({ quotas })}
                />
              ),
            },
            {
              key: 'periods',
              label: 'Kỳ báo cáo',
              children: (
                <PeriodsEditor
                  periods={draft.reportPeriods}
                  editable={editable}
                  onChange={(reportPeriods) => change({ reportPeriods })}
                />
              ),
            },
          ]}
        />
      )}
    </>
  );
}
