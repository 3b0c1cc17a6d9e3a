import type { AgeCheckInput, Sale, Store } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { Alert, Badge, Button, Center, Group, Loader, Menu, Text } from '@mantine/core';
import { useMemo, useReducer, useState } from 'react';
import { AgeCheckScreen } from '../../age-check/components/AgeCheckScreen.tsx';
import { useAgePolicy } from '../../age-check/hooks/useAgePolicy.ts';
import { restrictedLineIds, withAgeCheck } from '../../age-check/state/ageCheck.ts';
import { CashierSwitch } from '../../auth/components/CashierSwitch.tsx';
import type { Session } from '../../auth/state/sessionStore.ts';
import { priceCart } from '../../cart/state/cartPricing.ts';
import { cartFingerprint } from '../../cart/state/cartReducer.ts';
import { TenderScreen } from '../../checkout/components/TenderScreen.tsx';
import { checkoutReducer, START_CHECKOUT } from '../../checkout/state/checkoutFlow.ts';
import { ShortcutHelp } from '../../commands/components/ShortcutHelp.tsx';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { ReceiptScreen } from '../../receipt/components/ReceiptScreen.tsx';
import { minimumAge as minimumAgeFor } from '../../receipt/state/receiptFormat.ts';
import { offlineSubmit } from '../../offline/api/offlineSync.ts';
import { OfflineIndicator } from '../../offline/components/OfflineIndicator.tsx';
import { useOfflineSync } from '../../offline/hooks/useOfflineSync.ts';
import { useKeptCart } from '../../offline/hooks/useKeptCart.ts';
import { useDeviceCashier } from '../../offline/state/deviceCashier.ts';
import { useSettings } from '../../register-setup/hooks/useStores.ts';
import { CloseShiftScreen } from '../../shift/components/CloseShiftScreen.tsx';
import { OpenShiftScreen } from '../../shift/components/OpenShiftScreen.tsx';
import { useOpenShift } from '../../shift/hooks/useOpenShift.ts';
import { ReturnScreen } from '../../returns/components/ReturnScreen.tsx';
import { ExchangeDone, ExchangePanel } from '../../returns/components/ExchangePanel.tsx';
import { useExchange } from '../../returns/hooks/useExchange.ts';
import { exchangeBalance } from '../../returns/state/exchange.ts';
import { ParkedSalesScreen } from '../../parked/components/ParkedSalesScreen.tsx';
import { useParkCart } from '../../parked/hooks/useParkCart.ts';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { SellScreen } from './SellScreen.tsx';
import './pos.css';

export type TerminalProps = {
  session: Session;
  store: Store;
  register: Store['registers'][number];
  onChangeRegister: () => void;
  onSignOut: () => void;
};

/** One register at work: header, and the sell, tender or receipt screen of the current sale. */
export function Terminal({ session, store, register, onChangeRegister, onSignOut }: TerminalProps) {
  const settings = useSettings();
  const sync = useOfflineSync();
  const [cart, dispatchCart] = useKeptCart(register.id);
  const [checkout, dispatchCheckout] = useReducer(checkoutReducer, START_CHECKOUT);
  const [switching, setSwitching] = useState(false);
  // A cashier switched by PIN offline sells under this session's token (issue 8).
  const cashier = useDeviceCashier() ?? session.user;
  const shift = useOpenShift(register.id);
  const [closingShift, setClosingShift] = useState(false);
  const [returning, setReturning] = useState(false);
  const exchange = useExchange();
  const [showParked, setShowParked] = useState(false);
  const parkCart = useParkCart(register.id);
  const agePolicy = useAgePolicy(store.id);
  // The customer's passing age check for the sale in progress; sent with it, cleared after it.
  const [ageCheck, setAgeCheck] = useState<AgeCheckInput | null>(null);
  const restricted = restrictedLineIds(cart.lines, agePolicy.data);
  const currency = settings.data?.currency ?? session.company.currency;
  const minimumAge = minimumAgeFor(store.address.country);

  const { pricing, pricingError } = useMemo(() => {
    if (!settings.data) return { pricing: null, pricingError: null };
    try {
      return { pricing: priceCart(cart.lines, settings.data), pricingError: null };
    } catch (error) {
      return { pricing: null, pricingError: `The cart cannot be priced: ${errorMessage(error)}` };
    }
  }, [cart.lines, settings.data]);

  const pay = () => {
    if (cart.lines.length === 0 || !pricing) return;
    dispatchCheckout({ type: 'pay', fingerprint: cartFingerprint(cart), newSaleId: newDocumentId() });
  };
  const completed = (sale: Sale) => {
    dispatchCheckout({ type: 'completed', sale });
    dispatchCart({ type: 'clear' });
    setAgeCheck(null);
  };

  useCommand({
    name: 'switch-cashier',
    label: 'Switch cashier',
    shortcut: 'F9',
    keyTest: plainKey('F9'),
    perform: () => setSwitching(true),
    enabled: () => checkout.screen !== 'tender',
    inEditable: true,
  });

  let screen;
  if (settings.isPending) {
    screen = (
      <Center h="100%">
        <Loader />
      </Center>
    );
  } else if (settings.isError) {
    screen = (
      <Alert color="red" m="md" title="The settings could not be loaded">
        {errorMessage(settings.error)}{' '}
        <Button variant="white" onClick={() => void settings.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  } else if (shift.isPending) {
    screen = (
      <Center h="100%">
        <Loader />
      </Center>
    );
  } else if (shift.isError) {
    screen = (
      <Alert color="red" m="md" title="The shift could not be loaded">
        {errorMessage(shift.error)}{' '}
        <Button variant="white" onClick={() => void shift.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  } else if (!shift.data) {
    screen = <OpenShiftScreen registerId={register.id} registerName={register.name} currency={currency} />;
  } else if (closingShift) {
    screen = <CloseShiftScreen shift={shift.data} onCancel={() => setClosingShift(false)} />;
  } else if (returning) {
    screen = (
      <ReturnScreen
        registerId={register.id}
        onDone={() => setReturning(false)}
        onExchange={(ret) => {
          exchange.start(ret);
          setReturning(false);
        }}
      />
    );
  } else if (showParked) {
    screen = (
      <ParkedSalesScreen
        storeId={store.id}
        registerId={register.id}
        currency={currency}
        onResumed={(lines) => {
          dispatchCart({ type: 'restore', lines });
          setShowParked(false);
        }}
        onBack={() => setShowParked(false)}
      />
    );
  } else if (checkout.screen === 'tender' && pricing && !ageCheck && restricted.length > 0) {
    screen = (
      <AgeCheckScreen
        minimumAge={agePolicy.data!.minimumAge!}
        visualOver={agePolicy.data!.visualOver}
        timeZone={store.timeZone}
        registerId={register.id}
        restrictedCount={restricted.length}
        onPassed={setAgeCheck}
        onRemoveRestricted={() => {
          for (const lineId of restricted) dispatchCart({ type: 'remove', lineId });
          dispatchCheckout({ type: 'back' });
        }}
        onBack={() => dispatchCheckout({ type: 'back' })}
      />
    );
  } else if (checkout.screen === 'tender' && pricing) {
    screen = (
      <TenderScreen
        amountDue={
          exchange.active ? exchangeBalance(exchange.active.credit, pricing.total).due : pricing.amountDue
        }
        currency={currency}
        registerId={register.id}
        lines={cart.lines}
        pending={checkout.pending}
        tenders={checkout.tenders}
        dispatch={dispatchCheckout}
        onCompleted={completed}
        submitSale={withAgeCheck(
          exchange.active
            ? exchange.submitFor(pricing)
            : offlineSubmit(
                { lines: cart.lines, settings: settings.data, store, register, cashier },
                sync.syncNow,
              ),
          ageCheck,
        )}
      />
    );
  } else if (checkout.screen === 'receipt') {
    screen = (
      <ReceiptScreen
        sale={checkout.sale}
        minimumAge={minimumAge}
        onNewSale={() => {
          exchange.finish();
          dispatchCheckout({ type: 'newSale' });
        }}
      />
    );
  } else {
    screen = (
      <SellScreen
        store={store}
        cart={cart}
        dispatchCart={dispatchCart}
        pricing={pricing}
        pricingError={pricingError}
        currency={currency}
        minimumAge={minimumAge}
        maxDiscountPercent={session.user.maxDiscountPercent}
        onPay={pay}
      />
    );
  }

  return (
    <div className="kassa-terminal">
      <header className="kassa-header">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={800}>Kassa</Text>
          <Text truncate data-testid="header-store">
            {store.name} · {register.name}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <OfflineIndicator
            sync={sync}
            currency={currency}
            canDismiss={session.user.role !== 'cashier'}
            offlineLimitHours={store.offlineLimitHours}
          />
          <Badge size="lg" variant="light" tt="none" data-testid="header-cashier">
            {cashier.name}
          </Badge>
          <Button
            variant="default"
            onClick={() => setSwitching(true)}
            disabled={checkout.screen === 'tender'}
            data-testid="switch-cashier"
          >
            Switch (F9)
          </Button>
          <ShortcutHelp />
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" aria-label="More" miw={50}>
                ⋯
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                onClick={() => setReturning(true)}
                disabled={checkout.screen === 'tender' || !shift.data || cart.lines.length > 0}
                py={12}
                data-testid="menu-return"
              >
                Return
              </Menu.Item>
              <Menu.Item
                onClick={() =>
                  pricing &&
                  parkCart.mutate(
                    { lines: cart.lines, total: pricing.total },
                    { onSuccess: () => dispatchCart({ type: 'clear' }) },
                  )
                }
                disabled={checkout.screen === 'tender' || !shift.data || !pricing || cart.lines.length === 0}
                py={12}
                data-testid="menu-park"
              >
                Park sale
              </Menu.Item>
              <Menu.Item
                onClick={() => setShowParked(true)}
                disabled={checkout.screen === 'tender' || !shift.data || cart.lines.length > 0}
                py={12}
                data-testid="menu-parked"
              >
                Parked sales
              </Menu.Item>
              <Menu.Item
                onClick={() => setClosingShift(true)}
                disabled={checkout.screen === 'tender' || !shift.data || cart.lines.length > 0}
                py={12}
                data-testid="menu-close-shift"
              >
                Close shift
              </Menu.Item>
              <Menu.Item onClick={onChangeRegister} disabled={checkout.screen === 'tender'} py={12}>
                Change store or register
              </Menu.Item>
              <Menu.Item onClick={onSignOut} color="red" py={12}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </header>
      <main className="kassa-main">
        {parkCart.isError && (
          <Alert color="red" m="xs" title="The sale could not be parked" data-testid="park-error">
            {errorMessage(parkCart.error)}
          </Alert>
        )}
        {exchange.active && !exchange.done && (
          <ExchangePanel
            exchange={exchange.active}
            newTotal={pricing?.total ?? null}
            currency={currency}
            {...(checkout.screen === 'sell' ? { onCancel: exchange.cancel } : {})}
          />
        )}
        {exchange.done && checkout.screen === 'receipt' && <ExchangeDone exchange={exchange.done} />}
        {screen}
      </main>
      <CashierSwitch
        opened={switching}
        onClose={() => setSwitching(false)}
        currentUserId={cashier.id}
        registerId={register.id}
      />
    </div>
  );
}
