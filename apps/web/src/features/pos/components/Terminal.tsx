import type { Sale, Store } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { Alert, Badge, Button, Center, Group, Loader, Menu, Text } from '@mantine/core';
import { useMemo, useReducer, useState } from 'react';
import { CashierSwitch } from '../../auth/components/CashierSwitch.tsx';
import type { Session } from '../../auth/state/sessionStore.ts';
import { priceCart } from '../../cart/state/cartPricing.ts';
import { cartFingerprint, cartReducer, EMPTY_CART } from '../../cart/state/cartReducer.ts';
import { TenderScreen } from '../../checkout/components/TenderScreen.tsx';
import { checkoutReducer, START_CHECKOUT } from '../../checkout/state/checkoutFlow.ts';
import { ShortcutHelp } from '../../commands/components/ShortcutHelp.tsx';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { ReceiptScreen } from '../../receipt/components/ReceiptScreen.tsx';
import { minimumAge as minimumAgeFor } from '../../receipt/state/receiptFormat.ts';
import { useSettings } from '../../register-setup/hooks/useStores.ts';
import { CloseShiftScreen } from '../../shift/components/CloseShiftScreen.tsx';
import { OpenShiftScreen } from '../../shift/components/OpenShiftScreen.tsx';
import { useOpenShift } from '../../shift/hooks/useOpenShift.ts';
import { ReturnScreen } from '../../returns/components/ReturnScreen.tsx';
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
  const [cart, dispatchCart] = useReducer(cartReducer, EMPTY_CART);
  const [checkout, dispatchCheckout] = useReducer(checkoutReducer, START_CHECKOUT);
  const [switching, setSwitching] = useState(false);
  const shift = useOpenShift(register.id);
  const [closingShift, setClosingShift] = useState(false);
  const [returning, setReturning] = useState(false);
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
    screen = <ReturnScreen registerId={register.id} onDone={() => setReturning(false)} />;
  } else if (checkout.screen === 'tender' && pricing) {
    screen = (
      <TenderScreen
        amountDue={pricing.amountDue}
        currency={currency}
        registerId={register.id}
        lines={cart.lines}
        pending={checkout.pending}
        tenders={checkout.tenders}
        dispatch={dispatchCheckout}
        onCompleted={completed}
      />
    );
  } else if (checkout.screen === 'receipt') {
    screen = (
      <ReceiptScreen
        sale={checkout.sale}
        minimumAge={minimumAge}
        onNewSale={() => dispatchCheckout({ type: 'newSale' })}
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
          <Badge size="lg" variant="light" tt="none" data-testid="header-cashier">
            {session.user.name}
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
      <main className="kassa-main">{screen}</main>
      <CashierSwitch opened={switching} onClose={() => setSwitching(false)} currentUserId={session.user.id} />
    </div>
  );
}
