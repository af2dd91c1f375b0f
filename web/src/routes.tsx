// Every page of the dashboard. Pages other than sign-in and the overview load on first visit (their own chunks,
// uPlot among them), so the first route stays small.
import { createBrowserRouter, type RouteObject } from 'react-router-dom'
import { SignInPage } from './auth/SignInPage'
import { AppShell } from './shell/AppShell'
import { NotFoundPage } from './shell/NotFoundPage'
import { RequireSession } from './shell/RequireSession'
import { Loading } from './ui/Loading'

const lazyPage = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
})

const pages: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/forgot-password', ...lazyPage(() => import('./auth/ForgotPasswordPage')) },
  { path: '/reset-password', ...lazyPage(() => import('./auth/ResetPasswordPage')) },
  { path: '/accept-invitation', ...lazyPage(() => import('./auth/AcceptInvitationPage')) },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, ...lazyPage(() => import('./overview/OverviewPage')) },
          { path: 'reports/performance', ...lazyPage(() => import('./reports/PerformancePage')) },
          { path: 'reports/ltv', ...lazyPage(() => import('./reports/LtvPage')) },
          { path: 'messages/:id', ...lazyPage(() => import('./messages/MessagePage')) },
          { path: 'campaigns', ...lazyPage(() => import('./campaigns/CampaignsPage')) },
          { path: 'campaigns/new', ...lazyPage(() => import('./campaigns/CampaignNewPage')) },
          { path: 'campaigns/:id', ...lazyPage(() => import('./campaigns/SchedulePage')) },
          { path: 'campaigns/:id/edit', ...lazyPage(() => import('./campaigns/CampaignEditPage')) },
          { path: 'campaigns/:id/runs/:runId', ...lazyPage(() => import('./campaigns/RunPage')) },
          { path: 'offers', ...lazyPage(() => import('./offers/OffersPage')) },
          { path: 'offers/new', ...lazyPage(() => import('./offers/OfferNewPage')) },
          { path: 'offers/:id', ...lazyPage(() => import('./offers/OfferPage')) },
          { path: 'creatives', ...lazyPage(() => import('./creatives/CreativesPage')) },
          { path: 'creatives/new', ...lazyPage(() => import('./creatives/CreativeNewPage')) },
          { path: 'creatives/:id', ...lazyPage(() => import('./creatives/CreativePage')) },
          { path: 'lists', ...lazyPage(() => import('./lists/ListsPage')) },
          { path: 'lists/new', ...lazyPage(() => import('./lists/ListNewPage')) },
          { path: 'lists/:id', ...lazyPage(() => import('./lists/ListPage')) },
          { path: 'replies', ...lazyPage(() => import('./replies/RepliesPage')) },
          { path: 'journeys', ...lazyPage(() => import('./journeys/JourneysPage')) },
          { path: 'journeys/new', ...lazyPage(() => import('./journeys/JourneyPage')) },
          { path: 'journeys/:id', ...lazyPage(() => import('./journeys/JourneyPage')) },
          {
            path: 'journeys/:id/enrollments/:enrollmentId',
            ...lazyPage(() => import('./journeys/EnrollmentPage')),
          },
          { path: 'audiences', ...lazyPage(() => import('./audiences/AudiencesPage')) },
          { path: 'audiences/new', ...lazyPage(() => import('./audiences/AudiencePage')) },
          { path: 'audiences/:id', ...lazyPage(() => import('./audiences/AudiencePage')) },
          { path: 'contacts', ...lazyPage(() => import('./contacts/ContactsPage')) },
          { path: 'contacts/import', ...lazyPage(() => import('./contacts/ImportPage')) },
          { path: 'contacts/:id', ...lazyPage(() => import('./contacts/ContactPage')) },
          { path: 'settings/security', ...lazyPage(() => import('./settings/SecurityPage')) },
          { path: 'settings/account', ...lazyPage(() => import('./settings/AccountSettingsPage')) },
          { path: 'settings/api-keys', ...lazyPage(() => import('./settings/ApiKeysPage')) },
          { path: 'settings/team', ...lazyPage(() => import('./settings/TeamPage')) },
          { path: 'settings/audit-log', ...lazyPage(() => import('./settings/AuditLogPage')) },
          { path: 'settings/webhooks', ...lazyPage(() => import('./settings/WebhooksPage')) },
          { path: 'settings/webhooks/:id', ...lazyPage(() => import('./settings/WebhookPage')) },
          { path: 'settings/postbacks', ...lazyPage(() => import('./settings/PostbacksPage')) },
          { path: 'settings/tracking', ...lazyPage(() => import('./settings/TrackingPage')) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]

/** While the first page's chunk loads on a cold start, the loading note (rather than nothing). */
export const routes: RouteObject[] = [{ HydrateFallback: () => <Loading />, children: pages }]

export const router = createBrowserRouter(routes)
