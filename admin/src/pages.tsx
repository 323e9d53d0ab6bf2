import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AuditOutlined,
  CalendarOutlined,
  FileTextOutlined,
  SendOutlined,
  BankOutlined,
  BarChartOutlined,
  FormOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  QuestionCircleOutlined,
  ReadOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { t } from './i18n';

/**
 * Every console page: one file in src/pages/ plus one entry here. The side menu shows an entry only to roles
 * holding its permission (the same names as src/console/policy.ts), and the route refuses the others.
 */
export interface ConsolePage {
  path: string;
  label: string;
  icon: ReactNode;
  permission: string;
  component: LazyExoticComponent<ComponentType>;
}

export const pages: ConsolePage[] = [
  {
    path: 'dashboard',
    label: t.menu.dashboard,
    icon: <DashboardOutlined />,
    permission: 'dashboard.read',
    component: lazy(() => import('./pages/DashboardPage')),
  },
  {
    path: 'handoff',
    label: t.menu.handoff,
    icon: <CustomerServiceOutlined />,
    permission: 'handoff.work',
    component: lazy(() => import('./pages/HandoffPage')),
  },
  {
    path: 'unanswered',
    label: t.menu.unanswered,
    icon: <QuestionCircleOutlined />,
    permission: 'faq.unanswered.read',
    component: lazy(() => import('./pages/UnansweredPage')),
  },
  {
    path: 'faq',
    label: 'Hỏi đáp',
    icon: <ReadOutlined />,
    permission: 'faq.read',
    component: lazy(() => import('./pages/FaqPage')),
  },
  {
    path: 'followers',
    label: t.menu.followers,
    icon: <TeamOutlined />,
    permission: 'followers.read',
    component: lazy(() => import('./pages/FollowersPage')),
  },
  {
    path: 'surveys',
    label: 'Khảo sát',
    icon: <BarChartOutlined />,
    permission: 'survey.report.read',
    component: lazy(() => import('./pages/SurveyPage')),
  },
  {
    path: 'survey-editor',
    label: 'Soạn khảo sát',
    icon: <FormOutlined />,
    permission: 'survey.edit',
    component: lazy(() => import('./pages/SurveyEditorPage')),
  },
  {
    path: 'quiz',
    label: 'Cuộc thi',
    icon: <TrophyOutlined />,
    permission: 'quiz.results.read',
    component: lazy(() => import('./pages/QuizPage')),
  },
  {
    path: 'content',
    label: 'Thư viện nội dung',
    icon: <FileTextOutlined />,
    permission: 'content.read',
    component: lazy(() => import('./pages/ContentPage')),
  },
  {
    path: 'broadcasts',
    label: 'Đợt gửi tin',
    icon: <SendOutlined />,
    permission: 'content.read',
    component: lazy(() => import('./pages/BroadcastsPage')),
  },
  {
    path: 'plan',
    label: 'Lịch kế hoạch',
    icon: <CalendarOutlined />,
    permission: 'plan.read',
    component: lazy(() => import('./pages/PlanCalendarPage')),
  },
  {
    path: 'plans',
    label: 'Kế hoạch năm',
    icon: <CalendarOutlined />,
    permission: 'plan.read',
    component: lazy(() => import('./pages/PlansPage')),
  },
  {
    path: 'reports',
    label: 'Báo cáo định kỳ',
    icon: <FileTextOutlined />,
    permission: 'report.period.read',
    component: lazy(() => import('./pages/ReportsPage')),
  },
  {
    path: 'units',
    label: t.menu.units,
    icon: <BankOutlined />,
    permission: 'reference.read',
    component: lazy(() => import('./pages/UnitsPage')),
  },
  {
    path: 'audit',
    label: t.menu.audit,
    icon: <AuditOutlined />,
    permission: 'audit.read',
    component: lazy(() => import('./pages/AuditPage')),
  },
  {
    path: 'accounts',
    label: t.menu.accounts,
    icon: <UserOutlined />,
    permission: 'accounts.manage',
    component: lazy(() => import('./pages/AccountsPage')),
  },
  {
    path: 'settings',
    label: t.menu.settings,
    icon: <SettingOutlined />,
    permission: 'settings.manage',
    component: lazy(() => import('./pages/SettingsPage')),
  },
];
